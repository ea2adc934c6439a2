#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "error.h"

int
ns_fail (struct ns_error *err, int errnum, const char *fmt, ...)
{
  char what[384];
  va_list ap;

  va_start (ap, fmt);
  vsnprintf (what, sizeof what, fmt, ap);
  va_end (ap);
  err->errnum = errnum;
  if (errnum != 0)
    snprintf (err->msg, sizeof err->msg, "%s: %s", what, strerror (errnum));
  else
    snprintf (err->msg, sizeof err->msg, "%s", what);
  return -1;
}
