/* Pieces shared by the container monitor and the exec helper. */
#ifndef TSCM_COMMON_H
#define TSCM_COMMON_H
#include <stdbool.h>
#include <sys/types.h>
#include "util.h"

/* Forks: the parent waits for one status line on a pipe, prints it and exits
 * (0 when it reports a pid); the child returns the pipe's write end, in a new
 * session, as a subreaper, with stdio on /dev/null, so it outlives its caller. */
int daemonize(struct merr *e);
/* Blocks SIGCHLD and returns a signalfd for it; ignores SIGPIPE, SIGHUP and SIGINT. */
int child_signals(struct merr *e);
/* Reaps every exited child; when `pid` is among them, stores its status and returns true. */
bool reap(int sigfd, pid_t pid, int *status);
/* Reads the pid a runtime wrote with --pid-file. */
pid_t read_pid_file(const char *path, struct merr *e);
/* The oom_kill counter of a memory.oom_control or memory.events file, 0 if unknown. */
long long oom_kills(const char *path);
/* {"version":1,"pid":..,"exitCode":..,"signal":..,"finishedAt":"..","oomKilled":..} */
int exit_json(char *out, size_t cap, pid_t pid, int status, bool oom);
/* {"error":"<what>: <runtime stderr>"} */
int error_json(char *out, size_t cap, const char *what, const char *detail);
long long now_ms(void);

#endif
