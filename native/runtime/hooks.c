#include "hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

const char *hook_kind_name(enum hook_kind k) {
  static const char *n[HOOK_NKINDS] = {"prestart", "createRuntime", "createContainer", "startContainer",
                                       "poststart", "poststop"};
  return n[k];
}

static int wait_hook(pid_t pid, int timeout, int *status) {
  int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
  if (pfd >= 0 && timeout > 0) {
    struct pollfd p = {pfd, POLLIN, 0};
    int r;
    do r = poll(&p, 1, timeout * 1000);
    while (r < 0 && errno == EINTR);
    close(pfd);
    if (r == 0) {
      kill(pid, SIGKILL);
      waitpid(pid, status, 0);
      return 1;
    }
  } else if (pfd >= 0) {
    close(pfd);
  }
  while (waitpid(pid, status, 0) < 0)
    if (errno != EINTR) return -1;
  return 0;
}

static int run_one(const struct spec_hook *h, const char *name, const char *state, struct rt_err *e) {
  int in[2];
  if (pipe2(in, O_CLOEXEC) < 0) return rt_errf(e, errno, "%s hook %s: pipe", name, h->path);
  pid_t pid = fork();
  if (pid < 0) {
    close(in[0]);
    close(in[1]);
    return rt_errf(e, errno, "%s hook %s: fork", name, h->path);
  }
  if (pid == 0) {
    char *fallback[] = {(char *)h->path, NULL}, *noenv[] = {NULL};
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    if (dup2(in[0], 0) < 0) _exit(127);
    execve(h->path, h->nargs ? h->args : fallback, h->nenv ? h->env : noenv);
    _exit(127);
  }
  close(in[0]);
  /* A hook that does not read stdin must not make us die of SIGPIPE. */
  signal(SIGPIPE, SIG_IGN);
  (void)write_all(in[1], state, strlen(state));
  close(in[1]);
  int status = 0, w = wait_hook(pid, h->timeout, &status);
  if (w < 0) return rt_errf(e, errno, "%s hook %s: wait", name, h->path);
  if (w == 1) return rt_errf(e, 0, "%s hook %s: timed out after %d s", name, h->path, h->timeout);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
  if (WIFSIGNALED(status)) return rt_errf(e, 0, "%s hook %s: killed by signal %d", name, h->path, WTERMSIG(status));
  return rt_errf(e, 0, "%s hook %s: exited with status %d", name, h->path, WEXITSTATUS(status));
}

int hooks_run(const struct spec_hooks *h, enum hook_kind kind, const char *state, struct rt_err *e) {
  for (size_t i = 0; i < h->n[kind]; i++)
    if (run_one(&h->h[kind][i], hook_kind_name(kind), state, e) < 0) return -1;
  return 0;
}

void hooks_run_warn(const struct spec_hooks *h, enum hook_kind kind, const char *state) {
  for (size_t i = 0; i < h->n[kind]; i++) {
    struct rt_err e = {0};
    if (run_one(&h->h[kind][i], hook_kind_name(kind), state, &e) < 0) log_warn("%s", e.msg);
  }
}
