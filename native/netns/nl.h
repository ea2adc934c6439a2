#ifndef TSC_NETNS_NL_H
#define TSC_NETNS_NL_H
#include <stddef.h>
#include "error.h"

struct nl_msg {
  unsigned char *data;
  size_t len;
};

/* The first link the kernel sent back (an NLM_F_ECHO of RTM_NEWLINK): its
 * index and its IFLA_LINK (a veth's peer); 0 when none came back. */
struct nl_link {
  int index;
  int link;
};

/* Sends the rtnetlink messages (encoded by the caller) on fd in one sendmsg,
 * with NLM_F_ACK on the last only: the kernel runs them in order and reports
 * every failure anyway, so the acknowledgement of the last one ends the
 * replies. Reports the first failure; the kernel still ran the ones after it.
 * echoed may be NULL. */
int nl_batch (int fd, struct nl_msg *msgs, size_t n, struct nl_link *echoed, struct ns_error *err);

/* nl_batch on a socket opened in the current namespace for this batch. */
int nl_run (struct nl_msg *msgs, size_t n, struct ns_error *err);

#endif
