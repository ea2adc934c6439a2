/* The operations of "apply" mode, each on a path beneath the layer root. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "fsops.h"

static int parse_num(const char *s, unsigned long long *out, int base) {
  char *end = NULL;
  errno = 0;
  *out = strtoull(s, &end, base);
  return (errno != 0 || end == s || *end != '\0') ? -1 : 0;
}

/* Removes what a layer may have put there before (tar semantics: a later
 * entry replaces an earlier one); a missing entry is fine. */
static int unlink_existing(int dirfd, const char *base, const char *path, struct fsops_error *err) {
  if (unlinkat(dirfd, base, 0) == 0 || errno == ENOENT) return 0;
  return fsops_error_set(err, errno, "unlink %s: %s", path, strerror(errno));
}

static int owner_and_times(int dirfd, const char *base, const char *path, uid_t uid, gid_t gid,
                           const struct timespec *mtime, struct fsops_error *err) {
  if (fchownat(dirfd, base, uid, gid, AT_SYMLINK_NOFOLLOW) < 0)
    return fsops_error_set(err, errno, "chown %s: %s", path, strerror(errno));
  if (mtime != NULL) {
    struct timespec ts[2] = {*mtime, *mtime};
    if (utimensat(dirfd, base, ts, AT_SYMLINK_NOFOLLOW) < 0)
      return fsops_error_set(err, errno, "utimensat %s: %s", path, strerror(errno));
  }
  return 0;
}

/* mknod PATH TYPE(c|b|p) MODE(octal) MAJOR MINOR UID GID MTIME_SEC MTIME_NSEC */
int op_mknod(int rootfd, char **f, struct fsops_error *err) {
  unsigned long long mode, major, minor, uid, gid, sec, nsec;
  if (parse_num(f[2], &mode, 8) || parse_num(f[3], &major, 10) || parse_num(f[4], &minor, 10) ||
      parse_num(f[5], &uid, 10) || parse_num(f[6], &gid, 10) || parse_num(f[7], &sec, 10) ||
      parse_num(f[8], &nsec, 10))
    return fsops_error_set(err, EINVAL, "mknod %s: bad number", f[0]);
  mode_t type = f[1][0] == 'c' ? S_IFCHR : f[1][0] == 'b' ? S_IFBLK : f[1][0] == 'p' ? S_IFIFO : 0;
  if (type == 0) return fsops_error_set(err, EINVAL, "mknod %s: bad type %s", f[0], f[1]);
  const char *base;
  int dirfd = open_parent(rootfd, f[0], &base, err);
  if (dirfd < 0) return -1;
  int ret = unlink_existing(dirfd, base, f[0], err);
  if (ret == 0 && mknodat(dirfd, base, type | (mode_t)(mode & 07777), makedev(major, minor)) < 0)
    ret = fsops_error_set(err, errno, "mknod %s: %s", f[0], strerror(errno));
  struct timespec ts = {.tv_sec = (time_t)sec, .tv_nsec = (long)nsec};
  if (ret == 0) ret = owner_and_times(dirfd, base, f[0], (uid_t)uid, (gid_t)gid, &ts, err);
  /* mknod honours the umask; the mode must be the layer's. */
  if (ret == 0 && type == S_IFIFO && fchmodat(dirfd, base, (mode_t)(mode & 07777), 0) < 0)
    ret = fsops_error_set(err, errno, "chmod %s: %s", f[0], strerror(errno));
  close(dirfd);
  return ret;
}

/* whiteout PATH UID GID: overlayfs' whiteout, a 0/0 character device. */
int op_whiteout(int rootfd, char **f, struct fsops_error *err) {
  unsigned long long uid, gid;
  if (parse_num(f[1], &uid, 10) || parse_num(f[2], &gid, 10))
    return fsops_error_set(err, EINVAL, "whiteout %s: bad number", f[0]);
  const char *base;
  int dirfd = open_parent(rootfd, f[0], &base, err);
  if (dirfd < 0) return -1;
  int ret = 0;
  struct stat st;
  /* A whiteout and an entry of the same name in one layer: the entry stays. */
  if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0) goto out;
  if (errno != ENOENT) {
    ret = fsops_error_set(err, errno, "stat %s: %s", f[0], strerror(errno));
    goto out;
  }
  if (mknodat(dirfd, base, S_IFCHR | 0, makedev(0, 0)) < 0) {
    ret = fsops_error_set(err, errno, "mknod %s (whiteout): %s", f[0], strerror(errno));
    goto out;
  }
  ret = owner_and_times(dirfd, base, f[0], (uid_t)uid, (gid_t)gid, NULL, err);
out:
  close(dirfd);
  return ret;
}

static int set_xattr_at(int rootfd, const char *path, const char *name, const void *value, size_t len,
                        struct fsops_error *err) {
  int fd;
  if (strcmp(path, ".") == 0) {
    fd = dup(rootfd);
  } else {
    const char *base;
    int dirfd = open_parent(rootfd, path, &base, err);
    if (dirfd < 0) return -1;
    fd = openat(dirfd, base, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    close(dirfd);
  }
  if (fd < 0) return fsops_error_set(err, errno, "open %s: %s", path, strerror(errno));
  char proc[64];
  snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
  int ret = 0;
  if (setxattr(proc, name, value, len, 0) < 0)
    ret = fsops_error_set(err, errno, "setxattr %s %s: %s", path, name, strerror(errno));
  close(fd);
  return ret;
}

/* opaque PATH: overlayfs hides every lower entry of this directory. */
int op_opaque(int rootfd, char **f, struct fsops_error *err) {
  return set_xattr_at(rootfd, f[0], "trusted.overlay.opaque", "y", 1, err);
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* xattr PATH NAME HEXVALUE */
int op_xattr(int rootfd, char **f, struct fsops_error *err) {
  size_t n = strlen(f[2]);
  if (n % 2 != 0) return fsops_error_set(err, EINVAL, "xattr %s: odd hex value", f[0]);
  unsigned char *v = malloc(n / 2 + 1);
  if (v == NULL) return fsops_error_set(err, ENOMEM, "xattr %s: out of memory", f[0]);
  for (size_t i = 0; i < n / 2; i++) {
    int hi = hexval(f[2][2 * i]), lo = hexval(f[2][2 * i + 1]);
    if (hi < 0 || lo < 0) {
      free(v);
      return fsops_error_set(err, EINVAL, "xattr %s: bad hex value", f[0]);
    }
    v[i] = (unsigned char)(hi * 16 + lo);
  }
  int ret = set_xattr_at(rootfd, f[0], f[1], v, n / 2, err);
  free(v);
  return ret;
}
