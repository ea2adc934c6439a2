#include "args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: tscompose-monitor --id ID --runtime PATH [--runtime-arg ARG]... --bundle DIR --dir DIR\n"
    "                         [--log FILE] [--log-max-size BYTES] [--log-max-files N] [--tty] [--stdin]\n"
    "                         [--oom-file FILE]\n"
    "       tscompose-monitor exec --id ID --runtime PATH [--runtime-arg ARG]... --process FILE --dir DIR\n"
    "                         [--tty] [--stdin] [--detach] [--status-fd N]\n";

static int number(const char *flag, const char *v, long long *out) {
  char *end = NULL;
  errno = 0;
  long long n = strtoll(v, &end, 10);
  if (errno != 0 || end == v || *end != '\0' || n < 0) {
    fprintf(stderr, "tscompose-monitor: %s: not a non-negative number: %s\n", flag, v);
    return -1;
  }
  *out = n;
  return 0;
}

static int value_option(struct options *o, const char *flag, const char *v) {
  long long n = 0;
  if (strcmp(flag, "--id") == 0) o->id = v;
  else if (strcmp(flag, "--runtime") == 0) o->runtime = v;
  else if (strcmp(flag, "--bundle") == 0) o->bundle = v;
  else if (strcmp(flag, "--dir") == 0) o->dir = v;
  else if (strcmp(flag, "--log") == 0) o->log_path = v;
  else if (strcmp(flag, "--oom-file") == 0) o->oom_file = v;
  else if (strcmp(flag, "--process") == 0) o->process = v;
  else if (strcmp(flag, "--runtime-arg") == 0) {
    if (o->n_runtime_args == MAX_RUNTIME_ARGS) {
      fprintf(stderr, "tscompose-monitor: too many --runtime-arg\n");
      return -1;
    }
    o->runtime_args[o->n_runtime_args++] = v;
  } else if (strcmp(flag, "--log-max-size") == 0) {
    if (number(flag, v, &n) < 0) return -1;
    o->log_max_size = n;
  } else if (strcmp(flag, "--log-max-files") == 0) {
    if (number(flag, v, &n) < 0) return -1;
    o->log_max_files = n < 1 ? 1 : (int)n;
  } else if (strcmp(flag, "--status-fd") == 0) {
    if (number(flag, v, &n) < 0) return -1;
    o->status_fd = (int)n;
  } else {
    fprintf(stderr, "tscompose-monitor: unknown option %s\n%s", flag, usage);
    return -1;
  }
  return 0;
}

int parse_options(int argc, char **argv, struct options *o) {
  memset(o, 0, sizeof *o);
  o->log_max_files = 1;
  o->status_fd = -1;
  int i = 1;
  if (i < argc && strcmp(argv[i], "exec") == 0) {
    o->exec_mode = true;
    i++;
  }
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--tty") == 0) o->tty = true;
    else if (strcmp(a, "--stdin") == 0) o->stdin_open = true;
    else if (strcmp(a, "--detach") == 0) o->detach = true;
    else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      fputs(usage, stdout);
      exit(0);
    } else if (i + 1 < argc) {
      if (value_option(o, a, argv[++i]) < 0) return -1;
    } else {
      fprintf(stderr, "tscompose-monitor: %s needs a value\n%s", a, usage);
      return -1;
    }
  }
  const char *missing = o->id == NULL ? "--id" : o->runtime == NULL ? "--runtime" : o->dir == NULL ? "--dir" : NULL;
  if (missing == NULL && !o->exec_mode && o->bundle == NULL) missing = "--bundle";
  if (missing == NULL && o->exec_mode && o->process == NULL) missing = "--process";
  if (missing != NULL) {
    fprintf(stderr, "tscompose-monitor: %s is required\n%s", missing, usage);
    return -1;
  }
  return 0;
}
