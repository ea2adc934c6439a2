/* One request of the line protocol (see main.c), served in the calling
 * thread: the resident helper calls it per stdin line, the Node addon
 * (addon.c) per call from the driver's main thread. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>
#include "error.h"
#include "nl.h"
#include "ns.h"
#include "request.h"

#define MAX_FIELDS 64

static int
nibble (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Hex to bytes by hand: sscanf per byte was a visible share of an attach. */
static int
unhex (const char *s, struct nl_msg *out, struct ns_error *err)
{
  size_t len = strlen (s);
  if (len % 2 != 0 || len < 32)
    return ns_fail (err, EINVAL, "netlink message is not an even-length hex string of at least 16 bytes");
  out->len = len / 2;
  out->data = malloc (out->len);
  if (out->data == NULL)
    return ns_fail (err, ENOMEM, "malloc");
  for (size_t i = 0; i < out->len; i++)
    {
      int hi = nibble (s[2 * i]), lo = nibble (s[2 * i + 1]);
      if (hi < 0 || lo < 0)
        return ns_fail (err, EINVAL, "netlink message: bad hex at offset %zu", 2 * i);
      out->data[i] = (unsigned char) (hi << 4 | lo);
    }
  return 0;
}

static int
run_batch (char **fields, size_t n, struct ns_error *err)
{
  struct nl_msg msgs[MAX_FIELDS] = { 0 };
  int ret = 0;

  for (size_t i = 0; i < n && ret == 0; i++)
    ret = unhex (fields[i], &msgs[i], err);
  if (ret == 0 && n > 0)
    ret = nl_run (msgs, n, err);
  for (size_t i = 0; i < n; i++)
    free (msgs[i].data);
  return ret;
}

/* One socket in the starting namespace for the life of the process: the
 * thread is back there before every request, and host-side links are made
 * on every attach. */
static int host_fd = -1;

/* `link`: the batch in the starting namespace, the first message carrying a
 * descriptor of the namespace at path in the four bytes at offset (a veth's
 * IFLA_NET_NS_FD: the peer is born there, without a setns). */
static int
host_link (char **f, size_t n, struct nl_link *echoed, struct ns_error *err)
{
  struct nl_msg msgs[MAX_FIELDS] = { 0 };
  char *end = NULL;
  unsigned long offset = strtoul (f[1], &end, 10);
  int ret = 0, nsfd;

  if (end == f[1] || *end != '\0')
    return ns_fail (err, EINVAL, "link: offset %s is not a number", f[1]);
  if (host_fd < 0)
    {
      host_fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
      if (host_fd < 0)
        return ns_fail (err, errno, "socket(AF_NETLINK)");
    }
  nsfd = open (f[0], O_RDONLY | O_CLOEXEC);
  if (nsfd < 0)
    return ns_fail (err, errno, "open %s", f[0]);
  for (size_t i = 0; i < n - 2 && ret == 0; i++)
    ret = unhex (f[2 + i], &msgs[i], err);
  if (ret == 0 && (offset > msgs[0].len || msgs[0].len - offset < sizeof nsfd))
    ret = ns_fail (err, EINVAL, "link: offset %lu is outside the first message (%zu bytes)", offset, msgs[0].len);
  if (ret == 0)
    {
      memcpy (msgs[0].data + offset, &nsfd, sizeof nsfd);
      ret = nl_batch (host_fd, msgs, n - 2, echoed, err);
    }
  close (nsfd);
  for (size_t i = 0; i < n - 2; i++)
    free (msgs[i].data);
  return ret;
}

static int
write_sysctl (const char *key, const char *value, struct ns_error *err)
{
  char path[512];
  int fd;

  if (strstr (key, "..") != NULL || key[0] == '/')
    return ns_fail (err, EINVAL, "sysctl key %s", key);
  snprintf (path, sizeof path, "/proc/sys/%s", key);
  fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return ns_fail (err, errno, "open %s", path);
  if (write (fd, value, strlen (value)) < 0)
    {
      int e = errno;
      close (fd);
      return ns_fail (err, e, "write %s", path);
    }
  close (fd);
  return 0;
}

/* Runs one request inside the namespace at fields[1]; the caller leaves it. */
static int
dispatch (char **f, size_t n, struct nl_link *echoed, struct ns_error *err)
{
  if (n >= 4 && strcmp (f[0], "link") == 0)
    return host_link (f + 1, n - 1, echoed, err);
  if (n >= 2 && strcmp (f[0], "create") == 0)
    {
      if (ns_create (f[1], err) < 0)
        return -1;
      return run_batch (f + 2, n - 2, err);
    }
  if (n == 2 && strcmp (f[0], "delete") == 0)
    return ns_delete (f[1], err);
  if (n >= 3 && strcmp (f[0], "nl") == 0)
    {
      if (ns_enter (f[1], err) < 0)
        return -1;
      return run_batch (f + 2, n - 2, err);
    }
  if (n == 4 && strcmp (f[0], "sysctl") == 0)
    {
      if (ns_enter (f[1], err) < 0)
        return -1;
      return write_sysctl (f[2], f[3], err);
    }
  return ns_fail (err, EINVAL, "unknown request %s with %zu fields", n > 0 ? f[0] : "(empty)", n);
}

static size_t
split (char *line, char **fields)
{
  size_t n = 0;
  char *save = NULL;
  for (char *tok = strtok_r (line, "\t", &save); tok != NULL && n < MAX_FIELDS; tok = strtok_r (NULL, "\t", &save))
    fields[n++] = tok;
  return n;
}

int
ns_request (char *line, char *reply, size_t size)
{
  char *fields[MAX_FIELDS];
  struct ns_error err = { 0 };
  struct ns_error leave_err = { 0 };
  struct nl_link echoed = { 0, 0 };
  size_t n = split (line, fields);
  int ret = dispatch (fields, n, &echoed, &err);

  if (ns_leave (&leave_err) < 0)
    {
      /* Stuck in a container's namespace: every later request would be wrong. */
      snprintf (reply, size, "err\t%d\t%s", leave_err.errnum, leave_err.msg);
      return -1;
    }
  if (ret < 0)
    snprintf (reply, size, "err\t%d\t%s", err.errnum, err.msg);
  else if (echoed.index != 0)
    snprintf (reply, size, "ok\t%d\t%d", echoed.index, echoed.link);
  else
    snprintf (reply, size, "ok");
  return 0;
}

