/* Files read and written whole, directories and paths. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

int read_fd_all(int fd, char **out, size_t *len) {
  struct sbuf b = {0};
  char chunk[16384];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      free(b.p);
      return -1;
    }
    if (n == 0) break;
    sbuf_putn(&b, chunk, (size_t)n);
  }
  if (len) *len = b.len;
  *out = sbuf_take(&b);
  return 0;
}

int read_file(const char *path, char **out, size_t *len, struct rt_err *e) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return rt_errf(e, errno, "open %s", path);
  int r = read_fd_all(fd, out, len);
  int saved = errno;
  close(fd);
  if (r < 0) return rt_errf(e, saved, "read %s", path);
  return 0;
}

ssize_t write_all(int fd, const void *buf, size_t n) {
  const char *p = buf;
  size_t left = n;
  while (left > 0) {
    ssize_t w = write(fd, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return -1;
    p += w;
    left -= (size_t)w;
  }
  return (ssize_t)n;
}

int write_file(const char *path, const char *data, size_t len, int flags, mode_t mode, struct rt_err *e) {
  int fd = open(path, O_WRONLY | O_CLOEXEC | flags, mode);
  if (fd < 0) return rt_errf(e, errno, "open %s", path);
  if (write_all(fd, data, len) < 0) {
    int saved = errno;
    close(fd);
    return rt_errf(e, saved, "write %s", path);
  }
  if (close(fd) < 0) return rt_errf(e, errno, "close %s", path);
  return 0;
}

int write_file_atomic(const char *path, const char *data, size_t len, mode_t mode, struct rt_err *e) {
  char *tmp = xasprintf("%s.tmp.%d", path, (int)getpid());
  if (write_file(tmp, data, len, O_CREAT | O_TRUNC, mode, e) < 0) {
    unlink(tmp);
    free(tmp);
    return -1;
  }
  if (rename(tmp, path) < 0) {
    int saved = errno;
    unlink(tmp);
    free(tmp);
    return rt_errf(e, saved, "rename %s", path);
  }
  free(tmp);
  return 0;
}

int write_str(const char *path, const char *s, struct rt_err *e) {
  /* O_TRUNC changes nothing on procfs or cgroupfs, and keeps a fake one honest. */
  int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) return rt_errf(e, errno, "open %s", path);
  size_t n = strlen(s);
  ssize_t w;
  do w = write(fd, s, n);
  while (w < 0 && errno == EINTR);
  int saved = errno;
  close(fd);
  if (w < 0) return rt_errf(e, saved, "write %s", path);
  if ((size_t)w != n) return rt_errf(e, EIO, "write %s: short write", path);
  return 0;
}

int mkdir_p(const char *path, mode_t mode, struct rt_err *e) {
  char *p = xstrdup(path);
  for (char *s = p + 1;; s++) {
    if (*s != '/' && *s != '\0') continue;
    char c = *s;
    *s = '\0';
    if (mkdir(p, mode) < 0 && errno != EEXIST) {
      int saved = errno;
      rt_errf(e, saved, "mkdir %s", p);
      free(p);
      return -1;
    }
    *s = c;
    if (c == '\0') break;
  }
  free(p);
  return 0;
}

bool path_exists(const char *path) { return access(path, F_OK) == 0; }

bool is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *path_join(const char *a, const char *b) {
  size_t la = strlen(a);
  while (la > 1 && a[la - 1] == '/') la--;
  while (*b == '/') b++;
  if (*b == '\0') return xstrndup(a, la);
  return xasprintf("%.*s/%s", (int)la, a, b);
}

