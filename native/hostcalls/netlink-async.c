/* netlinkAsync(protocol, message): Promise<Buffer>, one netlink request in
 * libuv's thread pool on a socket of its own. The kernel does an rtnetlink
 * request's work inside sendmsg: deleting a bridge waits there for RCU grace
 * periods, 35-50 ms here, and a link dump is a few ms of copying; on the
 * main thread either stalls everything else a `down` is doing. The message
 * is sent as given (its header built by the caller, NLM_F_ACK set when an
 * answer is wanted); the promise resolves with every reply byte up to and
 * including the NLMSG_DONE or NLMSG_ERROR that ends it, which the caller
 * parses (an NLMSG_ERROR carries the request's errno). A kernel silent for
 * five seconds rejects with ETIMEDOUT.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/netlink.h>
#include <node_api.h>
#include "async-job.h"
#include "hostcalls.h"

/* Larger than any one datagram the kernel sends (a dump's are at most 32 KiB). */
#define RECV_SIZE (64 * 1024)

struct netlink_job
{
  struct async_job base;
  int protocol;
  char *request;
  size_t request_len;
  char *reply;
  size_t reply_len;
};

/* Whether the datagram buf[0..n) holds the message that ends the answer. */
static int answer_ends (const char *buf, size_t n, int acked)
{
  int len = (int) n;
  for (const struct nlmsghdr *h = (const void *) buf; NLMSG_OK (h, len); h = NLMSG_NEXT (h, len))
    if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR || (!acked && !(h->nlmsg_flags & NLM_F_MULTI)))
      return 1;
  return 0;
}

static int append (struct netlink_job *j, const char *buf, size_t n)
{
  char *grown = realloc (j->reply, j->reply_len + n);
  if (grown == NULL)
    return ENOMEM;
  memcpy (grown + j->reply_len, buf, n);
  j->reply = grown;
  j->reply_len += n;
  return 0;
}

static int converse (struct netlink_job *j, int fd, char *buf)
{
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
  const struct nlmsghdr *req = (const void *) j->request;
  int acked = (req->nlmsg_flags & NLM_F_ACK) || (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
  if (sendto (fd, j->request, j->request_len, 0, (struct sockaddr *) &kernel, sizeof kernel) < 0)
    return errno;
  for (;;)
    {
      struct iovec iov = { buf, RECV_SIZE };
      struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
      ssize_t n = recvmsg (fd, &msg, 0);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return errno == EAGAIN ? ETIMEDOUT : errno;
      if (msg.msg_flags & MSG_TRUNC)
        return EMSGSIZE;
      if (append (j, buf, (size_t) n) != 0)
        return ENOMEM;
      if (answer_ends (buf, (size_t) n, acked))
        return 0;
    }
}

static void execute (struct async_job *base)
{
  struct netlink_job *j = (struct netlink_job *) base;
  struct timeval silent = { .tv_sec = 5 };
  char *buf = malloc (RECV_SIZE);
  int fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, j->protocol);
  if (buf == NULL || fd < 0)
    base->err = buf == NULL ? ENOMEM : errno;
  else if (setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &silent, sizeof silent) < 0)
    base->err = errno;
  else
    base->err = converse (j, fd, buf);
  if (fd >= 0)
    close (fd);
  free (buf);
}

static napi_value result (napi_env env, struct async_job *base)
{
  struct netlink_job *j = (struct netlink_job *) base;
  napi_value out;
  void *data;
  if (napi_create_buffer_copy (env, j->reply_len, j->reply_len > 0 ? j->reply : "", &data, &out) != napi_ok)
    return NULL;
  return out;
}

static void release (struct async_job *base)
{
  struct netlink_job *j = (struct netlink_job *) base;
  free (j->request);
  free (j->reply);
  free (j);
}

/* The job for (protocol, message), or NULL with an exception pending. */
static struct netlink_job *job_of (napi_env env, napi_callback_info info)
{
  napi_value argv[2];
  void *data;
  size_t len;
  int32_t protocol;
  bool is_buffer = false;
  struct netlink_job *j = new_job (env, info, 2, argv, sizeof *j);
  if (j == NULL)
    return NULL;
  if (napi_get_value_int32 (env, argv[0], &protocol) != napi_ok
      || napi_is_buffer (env, argv[1], &is_buffer) != napi_ok || !is_buffer
      || napi_get_buffer_info (env, argv[1], &data, &len) != napi_ok || len < sizeof (struct nlmsghdr))
    {
      free (j);
      napi_throw_type_error (env, NULL, "netlinkAsync(protocol: number, message: Buffer) with a whole netlink header");
      return NULL;
    }
  j->request = malloc (len);
  if (j->request == NULL)
    {
      free (j);
      napi_throw_error (env, NULL, "malloc");
      return NULL;
    }
  memcpy (j->request, data, len);
  j->request_len = len;
  j->protocol = protocol;
  return j;
}

napi_value do_netlink_async (napi_env env, napi_callback_info info)
{
  struct netlink_job *j = job_of (env, info);
  if (j == NULL)
    return NULL;
  j->base.what = "netlink";
  j->base.err_path = "request";
  j->base.execute = execute;
  j->base.result = result;
  j->base.release = release;
  return queue_job (env, &j->base);
}
