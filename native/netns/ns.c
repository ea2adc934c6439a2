#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include "ns.h"

#ifndef NSFS_MAGIC
#define NSFS_MAGIC 0x6e736673
#endif

static int home_fd = -1;

int
ns_init (struct ns_error *err)
{
  home_fd = open ("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (home_fd < 0)
    return ns_fail (err, errno, "open /proc/thread-self/ns/net");
  return 0;
}

int
ns_enter (const char *path, struct ns_error *err)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return ns_fail (err, errno, "open %s", path);
  if (setns (fd, CLONE_NEWNET) < 0)
    {
      int e = errno;
      close (fd);
      return ns_fail (err, e, "setns %s", path);
    }
  close (fd);
  return 0;
}

int
ns_leave (struct ns_error *err)
{
  if (setns (home_fd, CLONE_NEWNET) < 0)
    return ns_fail (err, errno, "setns back to the starting namespace");
  return 0;
}

/* True when path is already an nsfs bind mount (a retried create). */
static int
is_nsfs (const char *path)
{
  struct statfs sfs;
  return statfs (path, &sfs) == 0 && sfs.f_type == NSFS_MAGIC;
}

int
ns_create (const char *path, struct ns_error *err)
{
  int fd;

  if (is_nsfs (path))
    return ns_fail (err, EEXIST, "create %s", path);
  fd = open (path, O_RDONLY | O_CREAT | O_CLOEXEC, 0444);
  if (fd < 0)
    return ns_fail (err, errno, "create %s", path);
  close (fd);
  if (unshare (CLONE_NEWNET) < 0)
    {
      int e = errno;
      unlink (path);
      return ns_fail (err, e, "unshare(CLONE_NEWNET)");
    }
  if (mount ("/proc/thread-self/ns/net", path, "none", MS_BIND, NULL) < 0)
    {
      int e = errno;
      struct ns_error ignored;
      ns_leave (&ignored);
      unlink (path);
      return ns_fail (err, e, "mount --bind /proc/thread-self/ns/net %s", path);
    }
  return 0;
}

int
ns_delete (const char *path, struct ns_error *err)
{
  if (umount2 (path, MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT)
    return ns_fail (err, errno, "umount %s", path);
  if (unlink (path) < 0 && errno != ENOENT)
    return ns_fail (err, errno, "unlink %s", path);
  return 0;
}
