/* The two helpers every command uses: report an error, take the container id. */
#include "commands.h"
#include "log.h"

int report(struct rt_err *e) {
  log_error(e->msg);
  return e->status ? e->status : 1;
}

int need_id(int argc, char **argv, int idx, const char *cmd, const char **id, struct rt_err *e) {
  if (idx >= argc) return rt_errf(e, 0, "%s: missing the container id", cmd);
  if (idx + 1 < argc) return rt_errf(e, 0, "%s: unexpected argument \"%s\" after the container id", cmd, argv[idx + 1]);
  *id = argv[idx];
  return 0;
}
