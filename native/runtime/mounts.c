/* config.json's mounts, in order, below the container root (before
 * pivot_root). Targets are opened inside the root and mounted through
 * /proc/self/fd/N, so a path swapped for a symlink between the check and the
 * mount cannot redirect it. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <linux/mount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "container.h"
#include "log.h"
#include "util.h"

struct target {
  int fd;
  char proc[64];
};

static int open_target(int rootfd, const char *dest, bool as_file, struct target *t, struct rt_err *e) {
  t->fd = rootfs_open(rootfd, dest, true, as_file, e);
  if (t->fd < 0) return -1;
  snprintf(t->proc, sizeof t->proc, "/proc/self/fd/%d", t->fd);
  return 0;
}

/* After a mount, the old fd still names the covered directory: reopen to
 * reach the new mount for remounts and propagation changes. */
static int reopen_target(int rootfd, const char *dest, struct target *t, struct rt_err *e) {
  close(t->fd);
  t->fd = rootfs_open(rootfd, dest, false, false, e);
  if (t->fd < 0) return -1;
  snprintf(t->proc, sizeof t->proc, "/proc/self/fd/%d", t->fd);
  return 0;
}

static int set_propagation(const struct spec_mount *m, const char *target, struct rt_err *e) {
  if (m->propagation && mount(NULL, target, NULL, m->propagation, NULL) < 0)
    return rt_errf(e, errno, "set the propagation of %s", m->dest);
  if (m->attr_set || m->attr_clr) {
    struct mount_attr a = {.attr_set = m->attr_set, .attr_clr = m->attr_clr};
    if (syscall(SYS_mount_setattr, AT_FDCWD, target, AT_RECURSIVE, &a, sizeof a) < 0)
      return rt_errf(e, errno, "set recursive mount attributes on %s", m->dest);
  }
  return 0;
}

static int bind_mount(int rootfd, const struct spec_mount *m, const char *bundle, struct rt_err *e) {
  char *src = m->source[0] == '/' ? xstrdup(m->source) : path_join(bundle, m->source);
  struct stat st;
  struct target t;
  int rc = -1;
  if (stat(src, &st) < 0) {
    rt_errf(e, errno, "mount %s: stat the source %s", m->dest, src);
    goto out_src;
  }
  if (open_target(rootfd, m->dest, !S_ISDIR(st.st_mode), &t, e) < 0) goto out_src;
  if (mount(src, t.proc, NULL, MS_BIND | (m->rbind ? MS_REC : 0), NULL) < 0) {
    rt_errf(e, errno, "bind mount %s on %s", src, m->dest);
    goto out;
  }
  if (reopen_target(rootfd, m->dest, &t, e) < 0) goto out_src;
  /* The first bind ignores flags: apply them with a remount, keeping those the
   * source mount has locked (a user namespace may not drop nosuid, nodev...). */
  unsigned long flags = m->flags & ~(unsigned long)MS_REMOUNT;
  if (flags && mount(NULL, t.proc, NULL, MS_BIND | MS_REMOUNT | flags | mount_locked_flags(t.proc), NULL) < 0) {
    rt_errf(e, errno, "remount %s with its options", m->dest);
    goto out;
  }
  rc = set_propagation(m, t.proc, e);
out:
  close(t.fd);
out_src:
  free(src);
  return rc;
}

static int fallback_bind(const char *host, const char *target, unsigned long flags, const char *dest, struct rt_err *e) {
  if (mount(host, target, NULL, MS_BIND | MS_REC, NULL) < 0) return rt_errf(e, errno, "mount %s", dest);
  if ((flags & MS_RDONLY) && mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | mount_locked_flags(target), NULL) < 0)
    return rt_errf(e, errno, "remount %s read-only", dest);
  return 0;
}

static char *without_option(const char *data, const char *prefix) {
  struct sbuf b = {0};
  char *copy = xstrdup(data ? data : ""), *save = NULL;
  for (char *o = strtok_r(copy, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
    if (strncmp(o, prefix, strlen(prefix)) == 0) continue;
    if (b.len) sbuf_putc(&b, ',');
    sbuf_puts(&b, o);
  }
  free(copy);
  return sbuf_take(&b);
}

static int fs_mount(int rootfd, const struct spec_mount *m, struct rt_err *e) {
  struct target t;
  const char *type = m->type ? m->type : "none";
  if (open_target(rootfd, m->dest, false, &t, e) < 0) return -1;
  const char *src = m->source && *m->source ? m->source : type;
  int rc = mount(src, t.proc, type, m->flags, m->data);
  int err = errno;
  if (rc < 0 && err == EPERM && strcmp(type, "sysfs") == 0) {
    /* sysfs needs a network namespace our user namespace owns; bind the host's instead, as runc does. */
    rc = fallback_bind("/sys", t.proc, m->flags, m->dest, e);
  } else if (rc < 0 && err == EPERM && strcmp(type, "mqueue") == 0) {
    rc = fallback_bind("/dev/mqueue", t.proc, m->flags, m->dest, e);
  } else if (rc < 0 && err == EINVAL && strcmp(type, "devpts") == 0 && m->data && strstr(m->data, "gid=")) {
    /* gid=5 fails when the user namespace does not map the tty group. */
    char *data = without_option(m->data, "gid=");
    rc = mount(src, t.proc, type, m->flags, data);
    err = errno;
    free(data);
    if (rc < 0) rc = rt_errf(e, err, "mount %s", m->dest);
  } else if (rc < 0) {
    rc = rt_errf(e, err, "mount %s", m->dest);
  }
  if (rc == 0 && (m->propagation || m->attr_set || m->attr_clr)) {
    rc = reopen_target(rootfd, m->dest, &t, e);
    if (rc < 0) return -1;
    rc = set_propagation(m, t.proc, e);
  }
  close(t.fd);
  return rc;
}

/* v1: a tmpfs with one directory per hierarchy, each the container's own
 * cgroup (bound from the host, or a fresh mount inside a cgroup namespace);
 * v2: the container's cgroup2 directory. */
static int cgroup_mount(struct container *c, int rootfd, const struct spec_mount *m, struct rt_err *e) {
  bool cgns = spec_find_ns(&c->spec, CLONE_NEWCGROUP) != NULL;
  unsigned long flags = m->flags & ~(unsigned long)MS_RDONLY;
  struct target t;
  if (!c->has_cgroup) return 0;
  if (c->cg.mode == CG_V2) {
    if (open_target(rootfd, m->dest, false, &t, e) < 0) return -1;
    int rc = cgns ? mount("cgroup2", t.proc, "cgroup2", m->flags, NULL)
                  : mount(c->cg.dirs[0].path, t.proc, NULL, MS_BIND | MS_REC, NULL);
    if (rc < 0) rc = rt_errf(e, errno, "mount %s", m->dest);
    if (rc == 0 && !cgns && m->flags && (rc = reopen_target(rootfd, m->dest, &t, e)) == 0 &&
        mount(NULL, t.proc, NULL, MS_BIND | MS_REMOUNT | m->flags | mount_locked_flags(t.proc), NULL) < 0)
      rc = rt_errf(e, errno, "remount %s", m->dest);
    if (t.fd >= 0) close(t.fd);
    return rc;
  }
  if (open_target(rootfd, m->dest, false, &t, e) < 0) return -1;
  if (mount("tmpfs", t.proc, "tmpfs", flags, "mode=755") < 0) {
    close(t.fd);
    return rt_errf(e, errno, "mount tmpfs on %s", m->dest);
  }
  close(t.fd);
  for (size_t i = 0; i < c->cg.n; i++) {
    const struct cg_dir *d = &c->cg.dirs[i];
    char *dest = path_join(m->dest, d->hier);
    if (open_target(rootfd, dest, false, &t, e) < 0) {
      free(dest);
      return -1;
    }
    int rc;
    if (cgns && strcmp(d->hier, "unified") == 0) {
      rc = mount("cgroup2", t.proc, "cgroup2", m->flags, NULL);
    } else if (cgns) {
      const char *opts = strcmp(d->hier, "systemd") == 0 ? "none,name=systemd" : d->hier;
      rc = mount("cgroup", t.proc, "cgroup", m->flags, opts);
    } else {
      rc = mount(d->path, t.proc, NULL, MS_BIND | MS_REC, NULL);
      if (rc == 0 && m->flags) {
        if (reopen_target(rootfd, dest, &t, e) < 0) {
          free(dest);
          return -1;
        }
        rc = mount(NULL, t.proc, NULL, MS_BIND | MS_REMOUNT | m->flags | mount_locked_flags(t.proc), NULL);
      }
    }
    if (rc < 0) rt_errf(e, errno, "mount %s", dest);
    if (t.fd >= 0) close(t.fd);
    free(dest);
    if (rc < 0) return -1;
  }
  /* The tmpfs itself stays writable, as runc leaves it: only the hierarchies are read-only. */
  return 0;
}

int mounts_apply(struct container *c, int rootfd, struct rt_err *e) {
  for (size_t i = 0; i < c->spec.nmounts; i++) {
    const struct spec_mount *m = &c->spec.mounts[i];
    int r;
    if (m->type && (strcmp(m->type, "cgroup") == 0 || strcmp(m->type, "cgroup2") == 0)) r = cgroup_mount(c, rootfd, m, e);
    else if (m->bind) r = bind_mount(rootfd, m, c->bundle, e);
    else r = fs_mount(rootfd, m, e);
    if (r < 0) return -1;
  }
  return 0;
}
