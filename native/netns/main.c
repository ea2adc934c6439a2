/* tscompose-netns: serves one request per line on stdin, one reply per line
 * on stdout, so the Node driver pays the process start once per command run
 * and each namespace change costs a pipe round trip.
 *
 *   create <TAB> path [<TAB> hex-netlink-msg ...]   new namespace at path, then the batch inside it
 *   delete <TAB> path                               unmount and unlink path (already gone is ok)
 *   nl     <TAB> path <TAB> hex-netlink-msg ...     run the batch inside the namespace at path
 *   sysctl <TAB> path <TAB> key <TAB> value         write /proc/sys/<key> inside the namespace
 *
 * Replies: "ok" or "err <TAB> errno <TAB> message". The helper always returns
 * to the namespace it started in before replying. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "error.h"
#include "nl.h"
#include "ns.h"

#define MAX_FIELDS 64

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
      unsigned int b;
      if (sscanf (s + 2 * i, "%2x", &b) != 1)
        return ns_fail (err, EINVAL, "netlink message: bad hex at offset %zu", 2 * i);
      out->data[i] = (unsigned char) b;
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
dispatch (char **f, size_t n, struct ns_error *err)
{
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

static int
serve_one (char *line)
{
  char *fields[MAX_FIELDS];
  struct ns_error err = { 0 };
  struct ns_error leave_err = { 0 };
  size_t n = split (line, fields);
  int ret = dispatch (fields, n, &err);

  if (ns_leave (&leave_err) < 0)
    {
      /* Stuck in a container's namespace: every later request would be wrong. */
      fprintf (stdout, "err\t%d\t%s\n", leave_err.errnum, leave_err.msg);
      fflush (stdout);
      return -1;
    }
  if (ret < 0)
    fprintf (stdout, "err\t%d\t%s\n", err.errnum, err.msg);
  else
    fputs ("ok\n", stdout);
  return fflush (stdout) == 0 ? 0 : -1;
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
