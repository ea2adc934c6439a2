/* /dev inside the container: the default nodes every OCI container gets
 * (null, zero, full, tty, random, urandom), linux.devices, and the standard
 * symlinks. In a user namespace, where mknod is not allowed, nodes are bind
 * mounts of the host's. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "container.h"
#include "util.h"

static const struct {
  const char *path;
  unsigned major, minor;
} defaults[] = {
    {"/dev/null", 1, 3}, {"/dev/zero", 1, 5}, {"/dev/full", 1, 7},
    {"/dev/tty", 5, 0},  {"/dev/random", 1, 8}, {"/dev/urandom", 1, 9},
};

static const struct {
  const char *target, *link;
} links[] = {
    {"/proc/self/fd", "/dev/fd"},     {"/proc/self/fd/0", "/dev/stdin"}, {"/proc/self/fd/1", "/dev/stdout"},
    {"/proc/self/fd/2", "/dev/stderr"}, {"/proc/kcore", "/dev/core"},
};

static bool configured(const struct spec *s, const char *path) {
  for (size_t i = 0; i < s->ndevices; i++)
    if (strcmp(s->devices[i].path, path) == 0) return true;
  return false;
}

/* Opens the parent directory of path inside the root and returns the last component. */
static int parent_of(int rootfd, const char *path, const char **name, struct rt_err *e) {
  char *dir = xstrdup(path);
  char *slash = strrchr(dir, '/');
  *name = strrchr(path, '/') + 1;
  *slash = '\0';
  int fd = rootfs_open(rootfd, *dir ? dir : "/", true, false, e);
  free(dir);
  if (fd < 0) return -1;
  /* O_PATH is enough for mknodat and symlinkat as long as it is a directory. */
  return fd;
}

static int bind_host_node(int rootfd, const char *path, struct rt_err *e) {
  int fd = rootfs_open(rootfd, path, true, true, e);
  if (fd < 0) return -1;
  char proc[64];
  snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
  int rc = mount(path, proc, NULL, MS_BIND, NULL);
  if (rc < 0) rt_errf(e, errno, "bind mount the host's %s", path);
  close(fd);
  return rc;
}

static int make_node(int rootfd, const char *path, mode_t type, dev_t dev, mode_t mode, uid_t uid, gid_t gid,
                     bool userns, struct rt_err *e) {
  if (userns && type != S_IFIFO) return bind_host_node(rootfd, path, e);
  const char *name;
  int dir = parent_of(rootfd, path, &name, e);
  if (dir < 0) return -1;
  int rc = 0;
  if (mknodat(dir, name, type | (mode & 07777), dev) < 0) {
    if (errno != EEXIST || unlinkat(dir, name, 0) < 0 || mknodat(dir, name, type | (mode & 07777), dev) < 0)
      rc = rt_errf(e, errno, "mknod %s", path);
  }
  /* mknod obeys the umask; the config's mode does not. */
  if (rc == 0 && fchmodat(dir, name, mode & 07777, 0) < 0) rc = rt_errf(e, errno, "chmod %s", path);
  if (rc == 0 && fchownat(dir, name, uid, gid, AT_SYMLINK_NOFOLLOW) < 0) rc = rt_errf(e, errno, "chown %s", path);
  close(dir);
  return rc;
}

static int make_link(int rootfd, const char *target, const char *link, bool replace, struct rt_err *e) {
  const char *name;
  int dir = parent_of(rootfd, link, &name, e);
  if (dir < 0) return -1;
  int rc = 0;
  if (replace) unlinkat(dir, name, 0);
  if (symlinkat(target, dir, name) < 0 && errno != EEXIST) rc = rt_errf(e, errno, "symlink %s -> %s", link, target);
  close(dir);
  return rc;
}

static bool dev_is_bound(const struct spec *s) {
  for (size_t i = 0; i < s->nmounts; i++)
    if (strcmp(s->mounts[i].dest, "/dev") == 0 && s->mounts[i].bind) return true;
  return false;
}

static bool has_mount(const struct spec *s, const char *dest) {
  for (size_t i = 0; i < s->nmounts; i++)
    if (strcmp(s->mounts[i].dest, dest) == 0) return true;
  return false;
}

int devices_create(struct container *c, int rootfd, struct rt_err *e) {
  const struct spec *s = &c->spec;
  bool userns = spec_find_ns(s, CLONE_NEWUSER) != NULL;
  if (dev_is_bound(s)) return 0;
  for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++) {
    if (configured(s, defaults[i].path)) continue;
    if (make_node(rootfd, defaults[i].path, S_IFCHR, makedev(defaults[i].major, defaults[i].minor), 0666, 0, 0, userns,
                  e) < 0)
      return -1;
  }
  for (size_t i = 0; i < s->ndevices; i++) {
    const struct spec_device *d = &s->devices[i];
    mode_t type = d->type == 'b' ? S_IFBLK : d->type == 'p' ? S_IFIFO : S_IFCHR;
    if (make_node(rootfd, d->path, type, makedev((unsigned)d->major, (unsigned)d->minor), d->has_mode ? d->mode : 0666,
                  d->has_uid ? d->uid : 0, d->has_gid ? d->gid : 0, userns, e) < 0)
      return -1;
  }
  for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
    if (strcmp(links[i].link, "/dev/core") == 0 && !path_exists("/proc/kcore")) continue;
    if (make_link(rootfd, links[i].target, links[i].link, false, e) < 0) return -1;
  }
  /* The pty master must come from the container's devpts instance. */
  if (has_mount(s, "/dev/pts") && make_link(rootfd, "pts/ptmx", "/dev/ptmx", true, e) < 0) return -1;
  if (c->proc && c->proc->terminal) {
    int fd = rootfs_open(rootfd, "/dev/console", true, true, e);
    if (fd < 0) return -1;
    close(fd);
  }
  return 0;
}
