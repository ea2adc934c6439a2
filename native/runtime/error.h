/* Errors in crun's convention: a function that fails returns a negative value
 * and fills a struct rt_err with the message, which quotes the path and ends
 * with strerror(errno), e.g. "mount /proc: Operation not permitted". The
 * status is the exit code the command ends with (1, or 126/127 for exec). */
#ifndef RT_ERROR_H
#define RT_ERROR_H

#include <stddef.h>

struct rt_err {
  int status;
  int errnum;
  char msg[4096];
};

/* Fills e from fmt, appending ": strerror(errnum)" when errnum != 0. Returns -1. */
int rt_errf(struct rt_err *e, int errnum, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Prepends "prefix: " to the message already in e. Returns -1. */
int rt_err_wrap(struct rt_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rt_err_clear(struct rt_err *e);

#endif
