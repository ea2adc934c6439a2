#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int rt_errf(struct rt_err *e, int errnum, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  if ((size_t)n >= sizeof e->msg) n = sizeof e->msg - 1;
  if (errnum != 0) snprintf(e->msg + n, sizeof e->msg - (size_t)n, ": %s", strerror(errnum));
  e->errnum = errnum;
  if (e->status == 0) e->status = 1;
  return -1;
}

int rt_err_wrap(struct rt_err *e, const char *fmt, ...) {
  char prefix[1024], old[sizeof e->msg - sizeof prefix];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(prefix, sizeof prefix, fmt, ap);
  va_end(ap);
  size_t n = strnlen(e->msg, sizeof old - 1);
  memcpy(old, e->msg, n);
  old[n] = '\0';
  size_t p = strnlen(prefix, sizeof prefix - 1);
  memcpy(e->msg, prefix, p);
  memcpy(e->msg + p, ": ", 2);
  memcpy(e->msg + p + 2, old, n + 1);
  if (e->status == 0) e->status = 1;
  return -1;
}

void rt_err_clear(struct rt_err *e) {
  e->status = 0;
  e->errnum = 0;
  e->msg[0] = '\0';
}
