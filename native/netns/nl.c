#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include "nl.h"

/* Sequence numbers go on growing across batches on a long-lived socket, so a
 * reply can never be taken for one of a later batch. */
static unsigned int next_seq = 1;

static void
note_link (struct nlmsghdr *h, struct nl_link *echoed)
{
  struct ifinfomsg *ifi = NLMSG_DATA (h);
  int len = (int) h->nlmsg_len - (int) NLMSG_LENGTH (sizeof *ifi);

  if (echoed == NULL || echoed->index != 0 || len < 0)
    return;
  echoed->index = ifi->ifi_index;
  for (struct rtattr *a = IFLA_RTA (ifi); RTA_OK (a, len); a = RTA_NEXT (a, len))
    if (a->rta_type == IFLA_LINK && RTA_PAYLOAD (a) >= sizeof (int))
      memcpy (&echoed->link, RTA_DATA (a), sizeof (int));
}

/* Reads replies until the acknowledgement of seq `last`; the first failure of
 * the batch (first..last) goes to err. */
static int
await_acks (int fd, unsigned int first, unsigned int last, struct nl_link *echoed, struct ns_error *err)
{
  char buf[32768] __attribute__ ((aligned (4)));
  int failed = 0;

  for (;;)
    {
      ssize_t got = recv (fd, buf, sizeof buf, 0);
      if (got < 0)
        {
          if (errno == EINTR)
            continue;
          return ns_fail (err, errno, "netlink: recv");
        }
      for (struct nlmsghdr *h = (struct nlmsghdr *) buf; NLMSG_OK (h, (size_t) got); h = NLMSG_NEXT (h, got))
        {
          if (h->nlmsg_seq < first || h->nlmsg_seq > last)
            continue;
          if (h->nlmsg_type == RTM_NEWLINK)
            note_link (h, echoed);
          if (h->nlmsg_type != NLMSG_ERROR)
            continue;
          struct nlmsgerr *e = NLMSG_DATA (h);
          if (e->error != 0 && !failed)
            failed = ns_fail (err, -e->error, "netlink message %u", h->nlmsg_seq - first);
          if (h->nlmsg_seq == last)
            return failed;
        }
    }
}

int
nl_batch (int fd, struct nl_msg *msgs, size_t n, struct nl_link *echoed, struct ns_error *err)
{
  struct iovec iov[64];
  struct msghdr mh = { .msg_iov = iov };
  unsigned int first = next_seq;

  if (n == 0)
    return 0;
  if (n > sizeof iov / sizeof iov[0])
    return ns_fail (err, EINVAL, "netlink: %zu messages in one batch, at most %zu", n, sizeof iov / sizeof iov[0]);
  for (size_t i = 0; i < n; i++)
    {
      struct nlmsghdr *h = (struct nlmsghdr *) msgs[i].data;
      if (msgs[i].len < sizeof *h || h->nlmsg_len != msgs[i].len || NLMSG_ALIGN (msgs[i].len) != msgs[i].len)
        return ns_fail (err, EINVAL, "netlink message %zu: length %zu does not match its header or is not aligned", i, msgs[i].len);
      h->nlmsg_seq = first + (unsigned int) i;
      h->nlmsg_pid = 0;
      h->nlmsg_flags |= NLM_F_REQUEST;
      if (i + 1 == n)
        h->nlmsg_flags |= NLM_F_ACK;
      else
        h->nlmsg_flags &= ~NLM_F_ACK;
      iov[i].iov_base = msgs[i].data;
      iov[i].iov_len = msgs[i].len;
    }
  mh.msg_iovlen = n;
  next_seq += (unsigned int) n;
  if (echoed != NULL)
    *echoed = (struct nl_link) { 0, 0 };
  for (;;)
    {
      if (sendmsg (fd, &mh, 0) >= 0)
        break;
      if (errno != EINTR)
        return ns_fail (err, errno, "netlink: send");
    }
  return await_acks (fd, first, first + (unsigned int) n - 1, echoed, err);
}

int
nl_run (struct nl_msg *msgs, size_t n, struct ns_error *err)
{
  int fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  int ret;

  if (fd < 0)
    return ns_fail (err, errno, "socket(AF_NETLINK)");
  ret = nl_batch (fd, msgs, n, NULL, err);
  close (fd);
  return ret;
}
