#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void oom(void) {
  static const char m[] = "tscompose-runtime: out of memory\n";
  (void)!write(2, m, sizeof m - 1);
  abort();
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) oom();
  return p;
}

void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) oom();
  return p;
}

void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) oom();
  return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xstrndup(const char *s, size_t n) {
  char *p = xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *xasprintf(const char *fmt, ...) {
  va_list ap;
  char *p;
  va_start(ap, fmt);
  int r = vasprintf(&p, fmt, ap);
  va_end(ap);
  if (r < 0) oom();
  return p;
}

void sbuf_putn(struct sbuf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 256;
    while (cap < b->len + n + 1) cap *= 2;
    b->p = xrealloc(b->p, cap);
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

void sbuf_puts(struct sbuf *b, const char *s) { sbuf_putn(b, s, strlen(s)); }
void sbuf_putc(struct sbuf *b, char c) { sbuf_putn(b, &c, 1); }

void sbuf_printf(struct sbuf *b, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof small) {
    sbuf_putn(b, small, (size_t)n);
    return;
  }
  char *big = xmalloc((size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  sbuf_putn(b, big, (size_t)n);
  free(big);
}

void sbuf_json_str(struct sbuf *b, const char *s) {
  sbuf_putc(b, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"': sbuf_puts(b, "\\\""); break;
    case '\\': sbuf_puts(b, "\\\\"); break;
    case '\n': sbuf_puts(b, "\\n"); break;
    case '\r': sbuf_puts(b, "\\r"); break;
    case '\t': sbuf_puts(b, "\\t"); break;
    case '\b': sbuf_puts(b, "\\b"); break;
    case '\f': sbuf_puts(b, "\\f"); break;
    default:
      if (*p < 0x20) sbuf_printf(b, "\\u%04x", *p);
      else sbuf_putc(b, (char)*p);
    }
  }
  sbuf_putc(b, '"');
}

char *sbuf_take(struct sbuf *b) {
  char *p = b->p ? b->p : xstrdup("");
  b->p = NULL;
  b->len = b->cap = 0;
  return p;
}

int parse_u64(const char *s, uint64_t *out) {
  if (*s < '0' || *s > '9') return -1;
  uint64_t v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9') return -1;
    unsigned d = (unsigned)(*s - '0');
    if (v > (UINT64_MAX - d) / 10) return -1;
    v = v * 10 + d;
  }
  *out = v;
  return 0;
}

int parse_i64(const char *s, int64_t *out) {
  bool neg = *s == '-';
  uint64_t v;
  if (parse_u64(s + neg, &v) < 0) return -1;
  if (neg ? v > (uint64_t)INT64_MAX + 1 : v > (uint64_t)INT64_MAX) return -1;
  *out = neg ? (int64_t)(0 - v) : (int64_t)v;
  return 0;
}

unsigned long long proc_start_time(pid_t pid, char *state_out) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = '\0';
  /* comm may contain spaces and parens: fields start after the last ')'. */
  char *p = strrchr(buf, ')');
  if (!p) return 0;
  p += 2;
  if (state_out) *state_out = *p;
  for (int field = 3; field < 22; field++) {
    p = strchr(p, ' ');
    if (!p) return 0;
    p++;
  }
  return strtoull(p, NULL, 10);
}

int cloexec_from(int lowfd) {
  /* Marking instead of closing keeps our own fds (sync socket, exec fifo) usable
   * until execve, which then closes everything at once. */
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
  if (syscall(SYS_close_range, lowfd, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return 0;
  long max = sysconf(_SC_OPEN_MAX);
  for (int fd = lowfd; fd < max; fd++) {
    int fl = fcntl(fd, F_GETFD);
    if (fl >= 0 && fcntl(fd, F_SETFD, fl | FD_CLOEXEC) < 0) return -1;
  }
  return 0;
}

int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void rfc3339_now(char *buf, size_t n) {
  struct timespec ts;
  struct tm tm;
  clock_gettime(CLOCK_REALTIME, &ts);
  gmtime_r(&ts.tv_sec, &tm);
  size_t k = strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(buf + k, n - k, ".%09ldZ", ts.tv_nsec);
}
