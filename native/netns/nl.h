#ifndef TSC_NETNS_NL_H
#define TSC_NETNS_NL_H
#include <stddef.h>
#include "error.h"

struct nl_msg {
  unsigned char *data;
  size_t len;
};

/* Sends each rtnetlink message (already encoded by the caller, with
 * NLM_F_REQUEST|NLM_F_ACK) on a socket opened in the current namespace and
 * waits for its acknowledgement; stops at the first error. */
int nl_run (struct nl_msg *msgs, size_t n, struct ns_error *err);

#endif
