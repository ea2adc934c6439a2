/* crun's convention: functions return a negative value and fill *err with the
 * errno and a message that quotes what failed ("setns /run/x: No such file"). */
#ifndef TSC_NETNS_ERROR_H
#define TSC_NETNS_ERROR_H

struct ns_error {
  int errnum;
  char msg[512];
};

/* Records errno (saved before formatting) and the formatted context; returns -1. */
int ns_fail (struct ns_error *err, int errnum, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

#endif
