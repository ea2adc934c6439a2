/* `create` and the first half of `run`: everything up to the container
 * process waiting for start. */
#ifndef RT_CREATE_H
#define RT_CREATE_H

#include <stdbool.h>
#include <sys/types.h>

#include "container.h"
#include "error.h"
#include "state.h"

struct create_opts {
  const char *root, *id, *bundle, *pid_file, *console_socket;
  bool no_new_keyring, no_pivot, run_mode, detach;
  long preserve_fds;
};

struct created {
  struct container c;
  struct ctr_state st;
  pid_t pid;
  int sync_fd;    /* parent's end, open until the container execs (run) */
  int pty_master; /* -1 unless run keeps the terminal itself */
};

int container_create(const struct create_opts *o, struct created *out, struct rt_err *e);
/* run: lets the container exec and runs the poststart hooks. */
int container_start_now(struct created *cr, struct rt_err *e);
/* Removes what a failed create left: the process, cgroups, state. */
void container_abort(struct created *cr);

#endif
