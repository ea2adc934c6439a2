#include <errno.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "nl.h"

static int
await_ack (int fd, unsigned int seq, size_t index, struct ns_error *err)
{
  char buf[8192] __attribute__ ((aligned (4)));

  for (;;)
    {
      ssize_t got = recv (fd, buf, sizeof buf, 0);
      if (got < 0)
        {
          if (errno == EINTR)
            continue;
          return ns_fail (err, errno, "netlink message %zu: recv", index);
        }
      for (struct nlmsghdr *h = (struct nlmsghdr *) buf; NLMSG_OK (h, (size_t) got); h = NLMSG_NEXT (h, got))
        {
          if (h->nlmsg_seq != seq || h->nlmsg_type != NLMSG_ERROR)
            continue;
          struct nlmsgerr *e = NLMSG_DATA (h);
          if (e->error == 0)
            return 0;
          return ns_fail (err, -e->error, "netlink message %zu", index);
        }
    }
}

int
nl_run (struct nl_msg *msgs, size_t n, struct ns_error *err)
{
  int fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  int ret = 0;

  if (fd < 0)
    return ns_fail (err, errno, "socket(AF_NETLINK)");
  for (size_t i = 0; i < n && ret == 0; i++)
    {
      struct nlmsghdr *h = (struct nlmsghdr *) msgs[i].data;
      if (msgs[i].len < sizeof *h || h->nlmsg_len != msgs[i].len)
        {
          ret = ns_fail (err, EINVAL, "netlink message %zu: length %zu does not match its header", i, msgs[i].len);
          break;
        }
      h->nlmsg_seq = (unsigned int) i + 1;
      h->nlmsg_pid = 0;
      h->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
      if (send (fd, msgs[i].data, msgs[i].len, 0) < 0)
        ret = ns_fail (err, errno, "netlink message %zu: send", i);
      else
        ret = await_ack (fd, h->nlmsg_seq, i, err);
    }
  close (fd);
  return ret;
}
