/* Running the OCI runtime (create, exec) with chosen stdio. */
#ifndef TSCM_SPAWN_H
#define TSCM_SPAWN_H
#include <sys/types.h>
#include "args.h"
#include "util.h"

#define MAX_ARGV (MAX_RUNTIME_ARGS + 16)

/* argv = runtime, its global args, then the NULL-terminated sub-command words. */
void runtime_argv(const struct options *o, const char *argv[MAX_ARGV], const char *const *sub);
/* Forks and execs argv with in/out/err as its fds 0, 1, 2; returns the pid or -1. */
pid_t spawn(const char *const *argv, int in, int out, int err, struct merr *e);
/* Waits for exactly this child; returns its wait status or -1. Other children stay for the reaper. */
int wait_child(pid_t pid);
/* Exit code as a shell reports it: the status, or 128 + signal. */
int exit_code_of(int status);

#endif
