/* Command-line options in the style urfave/cli gives runc: --name VALUE,
 * --name=VALUE, -name VALUE, -n VALUE; booleans also as --name=true|false;
 * parsing stops at the first argument that is not an option, or after "--". */
#ifndef RT_ARGS_H
#define RT_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

enum opt_kind { OPT_BOOL, OPT_STR, OPT_LIST, OPT_INT };

struct opt_list {
  const char **v;
  size_t n;
};

struct opt {
  const char *name; /* long name, without dashes */
  char short_name;  /* 0 when none */
  enum opt_kind kind;
  void *target; /* bool*, const char**, struct opt_list*, long* */
};

/* Parses options of argv[*idx..argc); leaves *idx at the first operand. */
int parse_opts(int argc, char **argv, int *idx, const struct opt *opts, const char *cmd, struct rt_err *e);

#endif
