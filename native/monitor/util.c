#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int merr_set(struct merr *e, int errnum, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
  va_end(ap);
  if (errnum != 0 && n >= 0 && (size_t)n < sizeof e->msg)
    snprintf(e->msg + n, sizeof e->msg - (size_t)n, ": %s", strerror(errnum));
  e->errnum = errnum;
  return -1;
}

int write_all(int fd, const void *buf, size_t len) {
  const char *p = buf;
  while (len > 0) {
    ssize_t w = write(fd, p, len);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += w;
    len -= (size_t)w;
  }
  return 0;
}

int set_nonblock(int fd, bool on) {
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0) return -1;
  flags = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
  return fcntl(fd, F_SETFL, flags);
}

int write_file_atomic(const char *path, const char *data, size_t len, struct merr *e) {
  char tmp[4096];
  if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) return merr_set(e, ENAMETOOLONG, "write %s", path);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return merr_set(e, errno, "open %s", tmp);
  if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
    int err = errno;
    close(fd);
    return merr_set(e, err, "write %s", tmp);
  }
  if (close(fd) < 0) return merr_set(e, errno, "close %s", tmp);
  if (rename(tmp, path) < 0) return merr_set(e, errno, "rename %s", path);
  return 0;
}

ssize_t read_small_file(const char *path, char *buf, size_t size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  size_t got = 0;
  while (got + 1 < size) {
    ssize_t r = read(fd, buf + got, size - 1 - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t)r;
  }
  close(fd);
  buf[got] = '\0';
  return (ssize_t)got;
}

size_t drain_fd(int fd, char *buf, size_t size) {
  size_t got = 0;
  set_nonblock(fd, true);
  while (got + 1 < size) {
    ssize_t r = read(fd, buf + got, size - 1 - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t)r;
  }
  buf[got] = '\0';
  return got;
}

void rfc3339_now(char out[40]) {
  struct timespec ts;
  struct tm tm;
  clock_gettime(CLOCK_REALTIME, &ts);
  gmtime_r(&ts.tv_sec, &tm);
  size_t n = strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(out + n, 40 - n, ".%09ldZ", ts.tv_nsec);
}

size_t json_string(char *out, size_t cap, size_t len, const char *s, size_t slen) {
  static const char hex[] = "0123456789abcdef";
  if (len + 1 < cap) out[len++] = '"';
  for (size_t i = 0; i < slen && len + 7 < cap; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      out[len++] = '\\';
      out[len++] = (char)c;
    } else if (c == '\n') {
      out[len++] = '\\';
      out[len++] = 'n';
    } else if (c < 0x20) {
      len += (size_t)snprintf(out + len, cap - len, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
    } else {
      out[len++] = (char)c;
    }
  }
  if (len + 1 < cap) out[len++] = '"';
  out[len < cap ? len : cap - 1] = '\0';
  return len;
}

void reset_signals(void) {
  sigset_t all;
  sigfillset(&all);
  for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL);
  sigprocmask(SIG_UNBLOCK, &all, NULL);
}
