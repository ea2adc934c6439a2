#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static int reopen(struct logw *l, int flags, struct merr *e) {
  int fd = open(l->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | flags, 0640);
  if (fd < 0) return merr_set(e, errno, "open %s", l->path);
  struct stat st;
  if (fstat(fd, &st) < 0) {
    int err = errno;
    close(fd);
    return merr_set(e, err, "stat %s", l->path);
  }
  if (l->fd >= 0) close(l->fd);
  l->fd = fd;
  l->size = st.st_size;
  return 0;
}

int logw_open(struct logw *l, const char *path, long long max_size, int max_files, struct merr *e) {
  l->fd = -1;
  l->path = path;
  l->max_size = max_size;
  l->max_files = max_files < 1 ? 1 : max_files;
  return reopen(l, 0, e);
}

static int rotate(struct logw *l, struct merr *e) {
  if (l->max_files == 1) {
    /* A new file rather than truncation in place: a follower notices the new inode. */
    if (unlink(l->path) < 0 && errno != ENOENT) return merr_set(e, errno, "unlink %s", l->path);
    return reopen(l, 0, e);
  }
  char from[4096], to[4096];
  snprintf(to, sizeof to, "%s.%d", l->path, l->max_files - 1);
  if (unlink(to) < 0 && errno != ENOENT) return merr_set(e, errno, "unlink %s", to);
  for (int i = l->max_files - 2; i >= 1; i--) {
    snprintf(from, sizeof from, "%s.%d", l->path, i);
    snprintf(to, sizeof to, "%s.%d", l->path, i + 1);
    if (rename(from, to) < 0 && errno != ENOENT) return merr_set(e, errno, "rename %s", from);
  }
  snprintf(to, sizeof to, "%s.1", l->path);
  if (rename(l->path, to) < 0) return merr_set(e, errno, "rename %s", l->path);
  return reopen(l, 0, e);
}

static int line(struct logw *l, const char *ts, const char *stream, char tag, const char *text, size_t n, struct merr *e) {
  char head[80];
  int h = snprintf(head, sizeof head, "%s %s %c ", ts, stream, tag);
  long long total = h + (long long)n + 1;
  if (l->max_size > 0 && l->size > 0 && l->size + total > l->max_size && rotate(l, e) < 0) return -1;
  struct iovec iov[3] = {{head, (size_t)h}, {(void *)text, n}, {"\n", 1}};
  ssize_t w;
  do w = writev(l->fd, iov, 3);
  while (w < 0 && errno == EINTR);
  if (w < 0) return merr_set(e, errno, "write %s", l->path);
  l->size += w;
  return 0;
}

int logw_write(struct logw *l, const char *stream, const char *data, size_t len, struct merr *e) {
  if (l->fd < 0) return 0;
  char ts[40];
  rfc3339_now(ts);
  size_t start = 0;
  for (size_t i = 0; i < len; i++) {
    if (data[i] != '\n') continue;
    if (line(l, ts, stream, 'F', data + start, i - start, e) < 0) return -1;
    start = i + 1;
  }
  if (start < len) return line(l, ts, stream, 'P', data + start, len - start, e);
  return 0;
}

void logw_close(struct logw *l) {
  if (l->fd >= 0) {
    fsync(l->fd);
    close(l->fd);
  }
  l->fd = -1;
}
