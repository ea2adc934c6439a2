#include "args.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static const struct opt *find(const struct opt *opts, const char *name, size_t len, char short_name) {
  for (const struct opt *o = opts; o->name; o++) {
    if (short_name && o->short_name == short_name) return o;
    if (!short_name && strlen(o->name) == len && strncmp(o->name, name, len) == 0) return o;
  }
  return NULL;
}

static int set_value(const struct opt *o, const char *v, const char *cmd, struct rt_err *e) {
  switch (o->kind) {
  case OPT_BOOL:
    if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0) *(bool *)o->target = true;
    else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0) *(bool *)o->target = false;
    else return rt_errf(e, 0, "%s: invalid boolean value \"%s\" for --%s", cmd, v, o->name);
    return 0;
  case OPT_STR: *(const char **)o->target = v; return 0;
  case OPT_LIST: {
    struct opt_list *l = o->target;
    l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
    l->v[l->n++] = v;
    return 0;
  }
  case OPT_INT: {
    int64_t n;
    if (parse_i64(v, &n) < 0) return rt_errf(e, 0, "%s: invalid number \"%s\" for --%s", cmd, v, o->name);
    *(long *)o->target = (long)n;
    return 0;
  }
  }
  return 0;
}

int parse_opts(int argc, char **argv, int *idx, const struct opt *opts, const char *cmd, struct rt_err *e) {
  while (*idx < argc) {
    char *a = argv[*idx];
    if (strcmp(a, "--") == 0) {
      (*idx)++;
      return 0;
    }
    if (a[0] != '-' || a[1] == '\0') return 0;
    const struct opt *o;
    const char *name = a + 1 + (a[1] == '-');
    const char *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    o = find(opts, name, len, 0);
    if (!o && a[1] != '-' && len == 1) o = find(opts, NULL, 0, name[0]);
    if (!o) return rt_errf(e, 0, "%s: unknown option %.*s", cmd, (int)(len + (size_t)(name - a)), a);
    (*idx)++;
    if (eq) {
      if (set_value(o, eq + 1, cmd, e) < 0) return -1;
    } else if (o->kind == OPT_BOOL) {
      *(bool *)o->target = true;
    } else {
      if (*idx >= argc) return rt_errf(e, 0, "%s: option --%s needs a value", cmd, o->name);
      if (set_value(o, argv[(*idx)++], cmd, e) < 0) return -1;
    }
  }
  return 0;
}
