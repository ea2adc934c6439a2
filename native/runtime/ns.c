/* Namespaces: which to create, which to join by path, and the order that
 * works with user namespaces (join user first; create user before the rest,
 * so it owns them). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "container.h"
#include "log.h"
#include "sync.h"
#include "util.h"

static const struct {
  int flag;
  const char *proc;
} kinds[NS_KINDS] = {
    {CLONE_NEWPID, "pid"}, {CLONE_NEWNET, "net"},   {CLONE_NEWNS, "mnt"},        {CLONE_NEWIPC, "ipc"},
    {CLONE_NEWUTS, "uts"}, {CLONE_NEWUSER, "user"}, {CLONE_NEWCGROUP, "cgroup"}, {CLONE_NEWTIME, "time"},
};

int ns_flag(int kind) { return kinds[kind].flag; }
const char *ns_proc_name(int kind) { return kinds[kind].proc; }

static int kind_of(int flag) {
  for (int i = 0; i < NS_KINDS; i++)
    if (kinds[i].flag == flag) return i;
  return -1;
}

int ns_prepare(struct container *c, struct rt_err *e) {
  const struct spec *s = &c->spec;
  for (int i = 0; i < NS_KINDS; i++) c->ns_fd[i] = -1;
  for (size_t i = 0; i < s->nns; i++) {
    int k = kind_of(s->ns[i].type);
    if (!s->ns[i].path) continue;
    c->ns_fd[k] = open(s->ns[i].path, O_RDONLY | O_CLOEXEC);
    if (c->ns_fd[k] < 0) return rt_errf(e, errno, "open %s namespace %s", kinds[k].proc, s->ns[i].path);
  }
  const struct spec_ns *user = spec_find_ns(s, CLONE_NEWUSER), *mnt = spec_find_ns(s, CLONE_NEWNS);
  c->new_userns = user && !user->path;
  /* A joined mount namespace gets the rootfs set up in it too, as runc does. */
  c->mntns = mnt != NULL;
  if (c->new_userns && (!s->nuidmap || !s->ngidmap))
    return rt_errf(e, 0, "config.json: a new user namespace needs linux.uidMappings and linux.gidMappings");
  if (!mnt && s->nmounts)
    log_warn("config.json: no mount namespace, so the container shares the host's mounts: its %zu mounts are not "
             "applied (they would land on the host) and it only gets a chroot into root.path",
             s->nmounts);
  const struct spec_ns *uts = spec_find_ns(s, CLONE_NEWUTS);
  if ((s->hostname && *s->hostname) && !uts)
    return rt_errf(e, 0, "config.json: setting the hostname needs a UTS namespace (linux.namespaces \"uts\")");
  if ((s->domainname && *s->domainname) && !uts)
    return rt_errf(e, 0, "config.json: setting the domainname needs a UTS namespace (linux.namespaces \"uts\")");
  return 0;
}

int ns_new_flags(const struct container *c) {
  int flags = 0;
  for (size_t i = 0; i < c->spec.nns; i++)
    if (!c->spec.ns[i].path && c->spec.ns[i].type != CLONE_NEWUSER && c->spec.ns[i].type != CLONE_NEWCGROUP)
      flags |= c->spec.ns[i].type;
  return flags;
}

bool ns_needs_fork(const struct container *c) {
  return spec_find_ns(&c->spec, CLONE_NEWPID) || spec_find_ns(&c->spec, CLONE_NEWTIME);
}

static int join(struct container *c, int k, struct rt_err *e) {
  if (c->ns_fd[k] < 0) return 0;
  if (setns(c->ns_fd[k], kinds[k].flag) < 0) {
    const struct spec_ns *n = spec_find_ns(&c->spec, kinds[k].flag);
    return rt_errf(e, errno, "join %s namespace %s", kinds[k].proc, n && n->path ? n->path : "?");
  }
  close(c->ns_fd[k]);
  c->ns_fd[k] = -1;
  return 0;
}

int ns_enter(struct container *c, struct rt_err *e) {
  int user = kind_of(CLONE_NEWUSER);
  if (join(c, user, e) < 0) return -1;
  for (int k = 0; k < NS_KINDS; k++)
    if (k != user && join(c, k, e) < 0) return -1;
  if (c->new_userns) {
    struct sync_msg m;
    if (unshare(CLONE_NEWUSER) < 0) return rt_errf(e, errno, "unshare the user namespace");
    if (sync_send(c->sync_fd, SYNC_USERMAP, getpid(), NULL, 0, -1) < 0) return rt_errf(e, errno, "sync");
    if (sync_expect(c->sync_fd, SYNC_USERMAP_DONE, &m, e) < 0) return -1;
    if (setresgid(0, 0, 0) < 0) return rt_errf(e, errno, "setresgid 0 in the user namespace (is gid 0 mapped?)");
    if (setresuid(0, 0, 0) < 0) return rt_errf(e, errno, "setresuid 0 in the user namespace (is uid 0 mapped?)");
  }
  int flags = ns_new_flags(c);
  if (flags && unshare(flags) < 0) return rt_errf(e, errno, "unshare namespaces (flags 0x%x)", flags);
  return 0;
}

static int write_map(pid_t pid, const char *file, const struct spec_idmap *m, size_t n, struct rt_err *e) {
  struct sbuf b = {0};
  char path[64];
  for (size_t i = 0; i < n; i++) sbuf_printf(&b, "%u %u %u\n", m[i].container, m[i].host, m[i].size);
  snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, file);
  int r = write_file(path, b.p ? b.p : "", b.len, 0, 0, e);
  free(b.p);
  return r;
}

int ns_write_idmaps(pid_t pid, const struct spec *s, struct rt_err *e) {
  if (write_map(pid, "gid_map", s->gidmap, s->ngidmap, e) < 0) return rt_err_wrap(e, "linux.gidMappings");
  if (write_map(pid, "uid_map", s->uidmap, s->nuidmap, e) < 0) return rt_err_wrap(e, "linux.uidMappings");
  return 0;
}
