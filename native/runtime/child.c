/* The container process, from clone to execve. Stage 1 joins and creates
 * namespaces; when a PID namespace is involved it forks the real container
 * process (stage 2) and exits. The runtime parent is a child subreaper, so
 * stage 2 becomes its child, and after `create` exits it passes on to the
 * next subreaper up (conmon, our monitor) or init, as runc's container does. */
#include <errno.h>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "caps.h"
#include "container.h"
#include "hooks.h"
#include "log.h"
#include "sync.h"
#include "user.h"
#include "util.h"

static int forward_fd = -1;

static void forward_log(const char *level, const char *msg) {
  struct sbuf b = {0};
  sbuf_puts(&b, level);
  sbuf_putc(&b, '\0');
  sbuf_puts(&b, msg);
  sync_send(forward_fd, SYNC_LOG, 0, b.p, b.len, -1);
  free(b.p);
}

static void __attribute__((noreturn)) fail(struct container *c, struct rt_err *e) {
  int status = e->status ? e->status : 1;
  if (sync_send(c->sync_fd, SYNC_ERROR, status, e->msg, strlen(e->msg), -1) < 0) {
    /* Nobody is listening any more (after start): the container's stderr is all we have. */
    dprintf(2, "tscompose-runtime: %s\n", e->msg);
  }
  _exit(status);
}

static void reset_signals(void) {
  sigset_t none;
  sigemptyset(&none);
  for (int s = 1; s < NSIG; s++)
    if (s != SIGKILL && s != SIGSTOP) signal(s, SIG_DFL);
  sigprocmask(SIG_SETMASK, &none, NULL);
}

static void stage1(struct container *c) {
  struct rt_err e = {0};
  struct sync_msg m;
  if (sync_expect(c->sync_fd, SYNC_GO, &m, &e) < 0) _exit(1);
  if (ns_enter(c, &e) < 0) fail(c, &e);
  if (!ns_needs_fork(c)) {
    if (sync_send(c->sync_fd, SYNC_PID, getpid(), NULL, 0, -1) < 0) _exit(1);
    return;
  }
  pid_t pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
  if (pid < 0) {
    rt_errf(&e, errno, "fork into the new PID namespace");
    fail(c, &e);
  }
  if (pid > 0) {
    sync_send(c->sync_fd, SYNC_PID, pid, NULL, 0, -1);
    _exit(0);
  }
  /* No parent-death signal here: our parent is stage 1, which exits now. If
   * the runtime dies instead, the sync socket reads EOF and we exit. */
  prctl(PR_SET_PDEATHSIG, 0);
}

static bool any_create_hooks(const struct spec *s) {
  return s->hooks.n[HOOK_PRESTART] || s->hooks.n[HOOK_CREATE_RUNTIME] || s->hooks.n[HOOK_CREATE_CONTAINER];
}

/* Everything the mount namespace needs, with the hooks the spec places in it. */
static void setup_root(struct container *c) {
  struct rt_err e = {0};
  struct sync_msg *m = xmalloc(sizeof *m);
  if (c->mntns && rootfs_prepare(c, &e) < 0) fail(c, &e);
  if (any_create_hooks(&c->spec)) {
    if (sync_send(c->sync_fd, SYNC_HOOKS, 0, NULL, 0, -1) < 0) _exit(1);
    if (sync_expect(c->sync_fd, SYNC_HOOKS_DONE, m, &e) < 0) fail(c, &e);
    if (hooks_run(&c->spec.hooks, HOOK_CREATE_CONTAINER, c->state, &e) < 0) fail(c, &e);
  }
  free(m);
  if (c->mntns && rootfs_pivot(c, &e) < 0) fail(c, &e);
  /* Without a mount namespace the host's /proc is the only one: sysctls first. */
  if (sysctls_apply(&c->spec, &e) < 0) fail(c, &e);
  if (!c->mntns && (chroot(c->spec.root_path) < 0 || chdir("/") < 0)) {
    rt_errf(&e, errno, "chroot %s", c->spec.root_path);
    fail(c, &e);
  }
  if (c->mntns && (paths_readonly(&c->spec, &e) < 0 || paths_masked(&c->spec, &e) < 0)) fail(c, &e);
  if (c->mntns && rootfs_finalize(c, &e) < 0) fail(c, &e);
}

static void setup_identity(struct container *c) {
  struct rt_err e = {0};
  const struct spec *s = &c->spec;
  if (s->hostname && *s->hostname && sethostname(s->hostname, strlen(s->hostname)) < 0) {
    rt_errf(&e, errno, "sethostname %s", s->hostname);
    fail(c, &e);
  }
  if (s->domainname && *s->domainname && setdomainname(s->domainname, strlen(s->domainname)) < 0) {
    rt_errf(&e, errno, "setdomainname %s", s->domainname);
    fail(c, &e);
  }
  if (c->proc->terminal && terminal_setup(c, &e) < 0) fail(c, &e);
  if (s->has_personality && personality(s->personality) < 0) {
    rt_errf(&e, errno, "personality");
    fail(c, &e);
  }
}

static char **final_env(const struct spec_process *p) {
  if (env_get(p->env, "HOME")) return p->env;
  char *home = passwd_home(p->uid);
  char **env = xcalloc(p->nenv + 2, sizeof *env);
  memcpy(env, p->env, p->nenv * sizeof *env);
  env[p->nenv] = xasprintf("HOME=%s", home ? home : "/");
  free(home);
  return env;
}

bool setgroups_allowed(void) {
  char *buf;
  struct rt_err ign = {0};
  if (read_file("/proc/self/setgroups", &buf, NULL, &ign) < 0) return true;
  bool deny = strncmp(buf, "deny", 4) == 0;
  free(buf);
  return !deny;
}

static void wait_for_start(struct container *c) {
  struct rt_err e = {0};
  if (c->fifo_fd < 0) {
    struct sync_msg *m = xmalloc(sizeof *m);
    if (sync_expect(c->sync_fd, SYNC_START, m, &e) < 0) _exit(1);
    free(m);
    return;
  }
  /* poll(2) on a FIFO's read end waits for a writer's data (no POLLHUP until
   * a writer has come and gone), so `start` can wake us at any later time. */
  for (;;) {
    struct pollfd p = {c->fifo_fd, POLLIN, 0};
    int r = poll(&p, 1, -1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) _exit(1);
    char byte;
    ssize_t n = read(c->fifo_fd, &byte, 1);
    if (n == 1) break;
    if (n < 0 && errno != EAGAIN && errno != EINTR) _exit(1);
  }
  close(c->fifo_fd);
}

void child_main(struct container *c) {
  struct rt_err e = {0};
  forward_fd = c->sync_fd;
  log_set_forward(forward_log);
  reset_signals();
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  stage1(c);
  struct sync_msg *m = xmalloc(sizeof *m);
  if (sync_expect(c->sync_fd, SYNC_GO2, m, &e) < 0) _exit(1);
  /* The parent sends the state JSON the hooks in the container read. */
  c->state = xstrdup(m->text);
  free(m);
  const struct spec_ns *cgns = spec_find_ns(&c->spec, CLONE_NEWCGROUP);
  if (cgns && !cgns->path && unshare(CLONE_NEWCGROUP) < 0) {
    rt_errf(&e, errno, "unshare the cgroup namespace");
    fail(c, &e);
  }
  if (setsid() < 0) {
    rt_errf(&e, errno, "setsid");
    fail(c, &e);
  }
  if (c->new_keyring) {
    char name[128];
    snprintf(name, sizeof name, "_ses.%.100s", c->id);
    if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, name) < 0) log_debug("session keyring: %s", strerror(errno));
  }
  bool groups_ok = setgroups_allowed();
  caps_last_cap();
  setup_root(c);
  setup_identity(c);
  struct spec_process *p = c->proc;
  bool cwd_done = chdir(p->cwd) == 0;
  char *exe = lookup_executable(p->nargs ? p->args[0] : NULL, p->env, &e);
  if (!exe) fail(c, &e);
  char **env = final_env(p);
  if (c->has_seccomp && !p->nnp && rt_seccomp_load(&c->seccomp, &e) < 0) fail(c, &e);
  if (creds_apply(p, groups_ok, &e) < 0) fail(c, &e);
  if (!cwd_done && chdir(p->cwd) < 0) {
    rt_errf(&e, errno, "chdir %s (process.cwd)", p->cwd);
    fail(c, &e);
  }
  if (p->nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
    rt_errf(&e, errno, "prctl PR_SET_NO_NEW_PRIVS");
    fail(c, &e);
  }
  umask(p->has_umask ? p->umask : 022);
  if (cloexec_from(3 + c->preserve_fds) < 0) {
    rt_errf(&e, errno, "close inherited file descriptors");
    fail(c, &e);
  }
  prctl(PR_SET_PDEATHSIG, 0);
  if (sync_send(c->sync_fd, SYNC_READY, 0, NULL, 0, -1) < 0) _exit(1);
  wait_for_start(c);
  if (hooks_run(&c->spec.hooks, HOOK_START_CONTAINER, c->state, &e) < 0) fail(c, &e);
  if (c->has_seccomp && p->nnp && rt_seccomp_load(&c->seccomp, &e) < 0) fail(c, &e);
  execve(exe, p->args, env);
  exec_failure(exe, errno, &e);
  fail(c, &e);
}
