/* The OCI runtime commands, each `int cmd_x(struct global *, argc, argv)`
 * returning the process exit code; argv starts after the command name. */
#ifndef RT_COMMANDS_H
#define RT_COMMANDS_H

#include <stdbool.h>

#include "error.h"
#include "state.h"

struct global {
  const char *root;
  bool debug, systemd_cgroup;
};

int cmd_create(struct global *g, int argc, char **argv);
int cmd_run(struct global *g, int argc, char **argv);
int cmd_start(struct global *g, int argc, char **argv);
int cmd_state(struct global *g, int argc, char **argv);
int cmd_list(struct global *g, int argc, char **argv);
int cmd_kill(struct global *g, int argc, char **argv);
int cmd_delete(struct global *g, int argc, char **argv);
int cmd_exec(struct global *g, int argc, char **argv);
int cmd_ps(struct global *g, int argc, char **argv);
int cmd_pause(struct global *g, int argc, char **argv);
int cmd_resume(struct global *g, int argc, char **argv);
int cmd_update(struct global *g, int argc, char **argv);
int cmd_features(struct global *g, int argc, char **argv);
int cmd_events(struct global *g, int argc, char **argv);
/* PID 1 for `init: true` (pid1.c). */
int cmd_init(int argc, char **argv);

/* Prints e and returns its exit status. */
int report(struct rt_err *e);
/* Exactly one operand, the container id, after the options. */
int need_id(int argc, char **argv, int idx, const char *cmd, const char **id, struct rt_err *e);
/* Stops (kill, wait), removes cgroups and state, runs poststop hooks. */
int container_delete(struct ctr_state *st, bool force, struct rt_err *e);
int signal_all(struct ctr_state *st, int sig, bool all, struct rt_err *e);

#endif
