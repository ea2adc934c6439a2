/* tscompose-netns: serves one request per line on stdin, one reply per line
 * on stdout, so the Node driver pays the process start once per command run
 * and each namespace change costs a pipe round trip.
 *
 *   create <TAB> path [<TAB> hex-netlink-msg ...]   new namespace at path, then the batch inside it
 *   delete <TAB> path                               unmount and unlink path (already gone is ok)
 *   nl     <TAB> path <TAB> hex-netlink-msg ...     run the batch inside the namespace at path
 *   sysctl <TAB> path <TAB> key <TAB> value         write /proc/sys/<key> inside the namespace
 *   link   <TAB> path <TAB> offset <TAB> hex-netlink-msg ...
 *          the batch in the starting namespace, the first message with an fd
 *          of the namespace at path written at byte offset (IFLA_NET_NS_FD)
 *
 * A batch goes to the kernel in one send and stops nobody: each message runs,
 * the first failure is the reply.
 * Replies: "ok", "ok <TAB> ifindex <TAB> IFLA_LINK" when the kernel echoed a
 * new link, or "err <TAB> errno <TAB> message". The helper always returns
 * to the namespace it started in before replying. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "error.h"
#include "ns.h"
#include "request.h"

static int
serve_one (char *line)
{
  char reply[600];
  int ret = ns_request (line, reply, sizeof reply);

  fprintf (stdout, "%s\n", reply);
  if (fflush (stdout) != 0)
    return -1;
  return ret;
}

int
main (void)
{
  struct ns_error err = { 0 };
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;

  if (ns_init (&err) < 0)
    {
      fprintf (stderr, "tscompose-netns: %s\n", err.msg);
      return 1;
    }
  while ((len = getline (&line, &cap, stdin)) > 0)
    {
      if (line[len - 1] == '\n')
        line[len - 1] = '\0';
      if (serve_one (line) < 0)
        break;
    }
  free (line);
  return 0;
}
