#include "spawn.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

void runtime_argv(const struct options *o, const char *argv[MAX_ARGV], const char *const *sub) {
  int n = 0;
  argv[n++] = o->runtime;
  for (int i = 0; i < o->n_runtime_args; i++) argv[n++] = o->runtime_args[i];
  for (; *sub != NULL && n < MAX_ARGV - 1; sub++) argv[n++] = *sub;
  argv[n] = NULL;
}

static void child(const char *const *argv, int in, int out, int err) {
  reset_signals();
  if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) _exit(127);
  syscall(SYS_close_range, 3U, ~0U, 0U);
  execv(argv[0], (char *const *)argv);
  dprintf(2, "exec %s: %s\n", argv[0], strerror(errno));
  _exit(127);
}

pid_t spawn(const char *const *argv, int in, int out, int err, struct merr *e) {
  pid_t pid = fork();
  if (pid < 0) return merr_set(e, errno, "fork %s", argv[0]);
  if (pid == 0) child(argv, in, out, err);
  return pid;
}

int wait_child(pid_t pid) {
  int status = 0;
  for (;;) {
    pid_t r = waitpid(pid, &status, 0);
    if (r == pid) return status;
    if (r < 0 && errno != EINTR) return -1;
  }
}

int exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}
