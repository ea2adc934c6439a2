/* tscompose-runtime: an OCI runtime with the command line of runc and crun.
 * Invoked as tscompose-init (e.g. bind-mounted at /sbin/tscompose-init) it
 * is the container's PID 1 instead (pid1.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "log.h"

#define VERSION "0.1.0"

static const struct {
  const char *name;
  int (*fn)(struct global *, int, char **);
  const char *help;
} commands[] = {
    {"create", cmd_create, "create a container from a bundle; it waits for start"},
    {"start", cmd_start, "run the user process of a created container"},
    {"run", cmd_run, "create and start a container"},
    {"state", cmd_state, "print the state of a container as JSON"},
    {"kill", cmd_kill, "send a signal to the container's process (--all: every process)"},
    {"delete", cmd_delete, "remove a stopped container (--force: any)"},
    {"exec", cmd_exec, "run a process in a running container"},
    {"list", cmd_list, "list containers"},
    {"ps", cmd_ps, "list the processes of a container"},
    {"pause", cmd_pause, "freeze every process of a container"},
    {"resume", cmd_resume, "thaw a paused container"},
    {"update", cmd_update, "change the resource limits of a container"},
    {"events", cmd_events, "print resource usage (--stats)"},
    {"features", cmd_features, "print what this runtime supports, as JSON"},
};

static void usage(FILE *f) {
  fprintf(f, "Usage: tscompose-runtime [--root DIR] [--log FILE] [--log-format text|json] [--debug] COMMAND ...\n\n"
             "Commands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].help);
  fprintf(f, "  init      run as PID 1 of a container: tscompose-runtime init -- CMD [ARG...]\n"
             "\nState lives under --root (default %s).\n", state_default_root());
}

int main(int argc, char **argv) {
  const char *base = strrchr(argv[0], '/');
  base = base ? base + 1 : argv[0];
  if (strcmp(base, "tscompose-init") == 0) return cmd_init(argc - 1, argv + 1);

  struct global g = {.root = state_default_root()};
  const char *log_path = NULL, *log_format = "text", *cgroup_manager = NULL, *rootless = NULL, *criu = NULL;
  bool help = false, version = false;
  const struct opt opts[] = {
      {"root", 0, OPT_STR, &g.root},
      {"log", 0, OPT_STR, &log_path},
      {"log-format", 0, OPT_STR, &log_format},
      {"debug", 0, OPT_BOOL, &g.debug},
      {"systemd-cgroup", 0, OPT_BOOL, &g.systemd_cgroup},
      {"cgroup-manager", 0, OPT_STR, &cgroup_manager},
      {"rootless", 0, OPT_STR, &rootless},
      {"criu", 0, OPT_STR, &criu},
      {"help", 'h', OPT_BOOL, &help},
      {"version", 'v', OPT_BOOL, &version},
      {NULL, 0, 0, NULL},
  };
  struct rt_err e = {0};
  int idx = 1;
  if (parse_opts(argc, argv, &idx, opts, "tscompose-runtime", &e) < 0) return report(&e);
  if (strcmp(log_format, "text") != 0 && strcmp(log_format, "json") != 0) {
    rt_errf(&e, 0, "--log-format must be text or json, not \"%s\"", log_format);
    return report(&e);
  }
  log_setup(log_path, strcmp(log_format, "json") == 0, g.debug);
  if (version) {
    printf("tscompose-runtime version %s\nspec: %s\n", VERSION, OCI_VERSION);
    return 0;
  }
  if (help || idx >= argc) {
    usage(help ? stdout : stderr);
    return help ? 0 : 1;
  }
  if (g.systemd_cgroup || (cgroup_manager && strcmp(cgroup_manager, "cgroupfs") != 0))
    log_warn("the systemd cgroup manager is not supported; using cgroupfs");
  const char *cmd = argv[idx];
  if (strcmp(cmd, "init") == 0) return cmd_init(argc - idx - 1, argv + idx + 1);
  if (strcmp(cmd, "version") == 0) {
    printf("tscompose-runtime version %s\nspec: %s\n", VERSION, OCI_VERSION);
    return 0;
  }
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    if (strcmp(commands[i].name, cmd) == 0) return commands[i].fn(&g, argc - idx - 1, argv + idx + 1);
  rt_errf(&e, 0, "unknown command \"%s\" (see tscompose-runtime --help)", cmd);
  return report(&e);
}

