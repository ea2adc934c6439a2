/* Command line of tscompose-monitor (see monitor.c for the protocol). */
#ifndef TSCM_ARGS_H
#define TSCM_ARGS_H
#include <stdbool.h>

#define MAX_RUNTIME_ARGS 16

struct options {
  bool exec_mode;
  const char *id;
  const char *runtime;
  const char *runtime_args[MAX_RUNTIME_ARGS];
  int n_runtime_args;
  const char *bundle;
  const char *dir;
  const char *log_path;
  long long log_max_size;
  int log_max_files;
  bool tty;
  bool stdin_open;
  bool detach;
  const char *oom_file;
  const char *process; /* exec: process.json */
  int status_fd;       /* exec: where status lines go and resize lines come from */
};

/* Returns 0, or -1 after printing the problem to stderr. */
int parse_options(int argc, char **argv, struct options *o);

#endif
