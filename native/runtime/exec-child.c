/* The process `exec` starts: it joins the container's namespaces (user
 * first), forks into its PID namespace, waits until the parent has put it in
 * the container's cgroups, then takes the process settings and execs. */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "caps.h"
#include "container.h"
#include "sync.h"
#include "user.h"

static void __attribute__((noreturn)) child_fail(struct container *c, struct rt_err *e) {
  sync_send(c->sync_fd, SYNC_ERROR, e->status ? e->status : 1, e->msg, strlen(e->msg), -1);
  _exit(e->status ? e->status : 1);
}

void exec_child(struct container *c) {
  struct rt_err e = {0};
  struct sync_msg *m = xmalloc(sizeof *m);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  /* user first: the others belong to it */
  for (int pass = 0; pass < 2; pass++)
    for (int k = 0; k < NS_KINDS; k++) {
      bool user = ns_flag(k) == CLONE_NEWUSER;
      if (c->ns_fd[k] < 0 || user != (pass == 0)) continue;
      if (setns(c->ns_fd[k], ns_flag(k)) < 0) {
        rt_errf(&e, errno, "join the container's %s namespace", ns_proc_name(k));
        child_fail(c, &e);
      }
    }
  pid_t pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
  if (pid < 0) {
    rt_errf(&e, errno, "fork into the container");
    child_fail(c, &e);
  }
  if (pid > 0) {
    sync_send(c->sync_fd, SYNC_PID, pid, NULL, 0, -1);
    _exit(0);
  }
  if (sync_expect(c->sync_fd, SYNC_GO2, m, &e) < 0) _exit(1);
  struct spec_process *p = c->proc;
  if (setsid() < 0) {
    rt_errf(&e, errno, "setsid");
    child_fail(c, &e);
  }
  if (p->terminal && terminal_setup(c, &e) < 0) child_fail(c, &e);
  bool cwd_done = chdir(p->cwd) == 0;
  char *exe = lookup_executable(p->nargs ? p->args[0] : NULL, p->env, &e);
  if (!exe) child_fail(c, &e);
  char **env = p->env;
  if (!env_get(env, "HOME")) {
    char *home = passwd_home(p->uid), *h = xasprintf("HOME=%s", home ? home : "/");
    const char *add[] = {h};
    size_t n = p->nenv;
    env = strv_append(env, &n, add, 1);
  }
  if (c->has_seccomp && !p->nnp && rt_seccomp_load(&c->seccomp, &e) < 0) child_fail(c, &e);
  if (creds_apply(p, setgroups_allowed(), &e) < 0) child_fail(c, &e);
  if (!cwd_done && chdir(p->cwd) < 0) {
    rt_errf(&e, errno, "chdir %s", p->cwd);
    child_fail(c, &e);
  }
  if (p->nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
    rt_errf(&e, errno, "prctl PR_SET_NO_NEW_PRIVS");
    child_fail(c, &e);
  }
  if (p->has_umask) umask(p->umask);
  cloexec_from(3 + c->preserve_fds);
  if (c->has_seccomp && p->nnp && rt_seccomp_load(&c->seccomp, &e) < 0) child_fail(c, &e);
  execve(exe, p->args, env);
  exec_failure(exe, errno, &e);
  child_fail(c, &e);
}

int exec_wait(pid_t pid, int pty, int sfd) {
  struct termios saved;
  bool raw = pty >= 0 && isatty(0) && tcgetattr(0, &saved) == 0;
  if (raw) {
    struct termios t = saved;
    cfmakeraw(&t);
    tcsetattr(0, TCSANOW, &t);
  }
  int status = 0;
  char buf[8192];
  for (;;) {
    struct pollfd p[3] = {{sfd, POLLIN, 0}, {pty, POLLIN, 0}, {pty >= 0 ? 0 : -1, POLLIN, 0}};
    if (poll(p, 3, -1) < 0 && errno != EINTR) break;
    ssize_t n;
    if ((p[1].revents & POLLIN) && (n = read(pty, buf, sizeof buf)) > 0) (void)write_all(1, buf, (size_t)n);
    if ((p[2].revents & POLLIN) && (n = read(0, buf, sizeof buf)) > 0) (void)write_all(pty, buf, (size_t)n);
    if (!(p[0].revents & POLLIN)) continue;
    struct signalfd_siginfo si;
    if (read(sfd, &si, sizeof si) != sizeof si) continue;
    if (si.ssi_signo != SIGCHLD) {
      kill(pid, (int)si.ssi_signo);
      continue;
    }
    pid_t w;
    bool done = false;
    while ((w = waitpid(-1, &status, WNOHANG)) > 0)
      if (w == pid) done = true;
    if (done) break;
  }
  if (raw) tcsetattr(0, TCSANOW, &saved);
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

