/* The container's root: propagation, the self-bind that makes root.path a
 * mount point, pivot_root with the old root detached, and the read-only
 * remount. Paths inside the root are opened with openat2(RESOLVE_IN_ROOT),
 * so a symlink in an image cannot point a mount outside it. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "container.h"
#include "util.h"

static int openat2_in_root(int rootfd, const char *path, int flags) {
  struct open_how how = {.flags = (uint64_t)(flags | O_CLOEXEC), .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
  int fd;
  do fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof how);
  while (fd < 0 && errno == EAGAIN);
  return fd;
}

int rootfs_open(int rootfd, const char *path, bool create, bool as_file, struct rt_err *e) {
  while (*path == '/') path++;
  if (*path == '\0') {
    int fd = fcntl(rootfd, F_DUPFD_CLOEXEC, 3);
    return fd < 0 ? rt_errf(e, errno, "dup") : fd;
  }
  int fd = openat2_in_root(rootfd, path, O_PATH);
  if (fd >= 0 || errno != ENOENT || !create) {
    if (fd < 0) return rt_errf(e, errno, "open /%s in the container root", path);
    return fd;
  }
  /* Create each missing component below the deepest one that resolves. */
  char *buf = xstrdup(path);
  for (char *s = buf;; s++) {
    if (*s != '/' && *s != '\0') continue;
    char c = *s;
    *s = '\0';
    int cur = openat2_in_root(rootfd, buf, O_PATH);
    if (cur < 0 && errno == ENOENT) {
      char *slash = strrchr(buf, '/');
      const char *name = slash ? slash + 1 : buf;
      int parent;
      if (slash) {
        *slash = '\0';
        parent = openat2_in_root(rootfd, buf, O_PATH | O_DIRECTORY);
        *slash = '/';
      } else {
        parent = fcntl(rootfd, F_DUPFD_CLOEXEC, 3);
      }
      if (parent < 0) break;
      int r;
      if (c == '\0' && as_file) {
        r = mknodat(parent, name, S_IFREG | 0644, 0);
      } else {
        r = mkdirat(parent, name, 0755);
      }
      close(parent);
      if (r < 0 && errno != EEXIST) break;
      cur = openat2_in_root(rootfd, buf, O_PATH);
    }
    if (cur < 0) break;
    if (c == '\0') {
      free(buf);
      return cur;
    }
    close(cur);
    *s = c;
  }
  rt_errf(e, errno, "create /%s in the container root", path);
  free(buf);
  return -1;
}

unsigned long mount_locked_flags(const char *path) {
  struct statvfs st;
  unsigned long f = 0;
  if (statvfs(path, &st) < 0) return 0;
  if (st.f_flag & ST_NOSUID) f |= MS_NOSUID;
  if (st.f_flag & ST_NODEV) f |= MS_NODEV;
  if (st.f_flag & ST_NOEXEC) f |= MS_NOEXEC;
  if (st.f_flag & ST_NOATIME) f |= MS_NOATIME;
  if (st.f_flag & ST_NODIRATIME) f |= MS_NODIRATIME;
  if (st.f_flag & ST_RELATIME) f |= MS_RELATIME;
  return f;
}

int rootfs_prepare(struct container *c, struct rt_err *e) {
  /* Host mounts reach the container (rslave, as runc defaults to, which bind
   * propagation like rslave needs); nothing goes back. */
  unsigned long prop = c->spec.rootfs_propagation == MS_PRIVATE || c->spec.rootfs_propagation == MS_UNBINDABLE
                           ? MS_PRIVATE
                           : MS_SLAVE;
  if (mount(NULL, "/", NULL, MS_REC | prop, NULL) < 0) return rt_errf(e, errno, "make / %s", prop == MS_SLAVE ? "rslave" : "rprivate");
  if (mount(c->spec.root_path, c->spec.root_path, NULL, MS_BIND | MS_REC, NULL) < 0)
    return rt_errf(e, errno, "bind the rootfs %s onto itself", c->spec.root_path);
  int rootfd = open(c->spec.root_path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0) return rt_errf(e, errno, "open %s", c->spec.root_path);
  int r = mounts_apply(c, rootfd, e);
  if (r == 0) r = devices_create(c, rootfd, e);
  close(rootfd);
  return r;
}

int rootfs_pivot(struct container *c, struct rt_err *e) {
  const char *root = c->spec.root_path;
  int oldroot = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (oldroot < 0) return rt_errf(e, errno, "open /");
  int newroot = open(root, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (newroot < 0) {
    close(oldroot);
    return rt_errf(e, errno, "open %s", root);
  }
  int rc = -1;
  if (fchdir(newroot) < 0) {
    rt_errf(e, errno, "chdir %s", root);
  } else if (syscall(SYS_pivot_root, ".", ".") < 0) {
    rt_errf(e, errno, "pivot_root %s", root);
  } else if (fchdir(oldroot) < 0) {
    rt_errf(e, errno, "chdir to the old root");
  } else if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0) {
    rt_errf(e, errno, "make the old root rslave");
  } else if (umount2(".", MNT_DETACH) < 0) {
    rt_errf(e, errno, "detach the old root");
  } else if (chdir("/") < 0) {
    rt_errf(e, errno, "chdir /");
  } else {
    rc = 0;
  }
  close(oldroot);
  close(newroot);
  return rc;
}

int rootfs_finalize(struct container *c, struct rt_err *e) {
  unsigned long prop = c->spec.rootfs_propagation;
  if ((prop == MS_SHARED || prop == MS_UNBINDABLE) && mount(NULL, "/", NULL, MS_REC | prop, NULL) < 0)
    return rt_errf(e, errno, "set linux.rootfsPropagation on /");
  if (c->spec.root_readonly &&
      mount(NULL, "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | mount_locked_flags("/"), NULL) < 0)
    return rt_errf(e, errno, "remount / read-only");
  return 0;
}
