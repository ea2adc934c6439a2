/* init for `init: true`: PID 1 of the container that starts the real command,
 * forwards signals to it, reaps every orphan, and exits with the command's
 * status (128 + signal when it was killed), as Docker's tini does.
 *
 *   tscompose-runtime init [--] CMD [ARG...]
 *   tscompose-init [--] CMD [ARG...]   (the binary bind-mounted under that name)
 *
 * Synchronous signals (SIGSEGV...) and job-control ones that only make sense
 * for a terminal's foreground group are not forwarded. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "user.h"

extern char **environ;

static bool forwarded(int sig) {
  switch (sig) {
  case SIGCHLD: case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGABRT: case SIGTRAP: case SIGSYS:
  case SIGTTIN: case SIGTTOU: case SIGKILL: case SIGSTOP:
    return false;
  default:
    return true;
  }
}

static void __attribute__((noreturn)) start_child(char **argv, const sigset_t *orig) {
  struct rt_err e = {0};
  sigprocmask(SIG_SETMASK, orig, NULL);
  char *exe = lookup_executable(argv[0], environ, &e);
  if (exe) {
    execv(exe, argv);
    exec_failure(exe, errno, &e);
  }
  dprintf(2, "tscompose-init: %s\n", e.msg);
  _exit(e.status ? e.status : 127);
}

int cmd_init(int argc, char **argv) {
  int i = 0;
  if (i < argc && strcmp(argv[i], "--") == 0) i++;
  if (i >= argc) {
    dprintf(2, "tscompose-init: usage: tscompose-init [--] CMD [ARG...]\n");
    return 2;
  }
  if (getpid() != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) {
    dprintf(2, "tscompose-init: prctl PR_SET_CHILD_SUBREAPER: %s\n", strerror(errno));
    return 1;
  }
  sigset_t all, orig;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, &orig);
  pid_t child = fork();
  if (child < 0) {
    dprintf(2, "tscompose-init: fork: %s\n", strerror(errno));
    return 1;
  }
  if (child == 0) start_child(argv + i, &orig);
  for (;;) {
    siginfo_t si;
    int sig = sigwaitinfo(&all, &si);
    if (sig < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
    if (sig != SIGCHLD) {
      if (forwarded(sig)) kill(child, sig);
      continue;
    }
    int status;
    pid_t w;
    while ((w = waitpid(-1, &status, WNOHANG)) > 0) {
      if (w != child) continue;
      return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
    }
  }
}
