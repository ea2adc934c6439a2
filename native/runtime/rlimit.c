#include "rlimit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "log.h"
#include "util.h"

static void fmt_limit(rlim_t v, char *buf, size_t n) {
  if (v == RLIM_INFINITY) snprintf(buf, n, "unlimited");
  else snprintf(buf, n, "%llu", (unsigned long long)v);
}

int rlimits_apply(pid_t pid, const struct spec_process *p, struct rt_err *e) {
  for (size_t i = 0; i < p->nrlimits; i++) {
    const struct spec_rlimit *rl = &p->rlimits[i];
    struct rlimit want = {(rlim_t)rl->soft, (rlim_t)rl->hard}, cur;
    if (want.rlim_cur > want.rlim_max)
      return rt_errf(e, 0, "process.rlimits: %s soft limit %llu is above its hard limit %llu", rl->name,
                     (unsigned long long)rl->soft, (unsigned long long)rl->hard);
    if (prlimit(pid, rl->resource, &want, NULL) == 0) continue;
    if (errno != EPERM || prlimit(pid, rl->resource, NULL, &cur) < 0) return rt_errf(e, errno, "setrlimit %s", rl->name);
    if (want.rlim_max <= cur.rlim_max) return rt_errf(e, EPERM, "setrlimit %s", rl->name);
    char asked[32], have[32];
    fmt_limit(want.rlim_max, asked, sizeof asked);
    fmt_limit(cur.rlim_max, have, sizeof have);
    log_warn("%s: hard limit %s is above the runtime's own hard limit %s and raising it needs CAP_SYS_RESOURCE; "
             "clamped to %s",
             rl->name, asked, have, have);
    want.rlim_max = cur.rlim_max;
    if (want.rlim_cur > want.rlim_max) want.rlim_cur = want.rlim_max;
    if (prlimit(pid, rl->resource, &want, NULL) < 0) return rt_errf(e, errno, "setrlimit %s", rl->name);
  }
  return 0;
}

int oom_score_adj_apply(pid_t pid, int value, struct rt_err *e) {
  char path[64], val[16], *cur = NULL;
  snprintf(path, sizeof path, "/proc/%d/oom_score_adj", (int)pid);
  snprintf(val, sizeof val, "%d", value);
  struct rt_err we = {0};
  if (write_str(path, val, &we) == 0) return 0;
  if (we.errnum != EACCES && we.errnum != EPERM) {
    *e = we;
    return -1;
  }
  /* Lowering it below what the process inherited needs CAP_SYS_RESOURCE. */
  struct rt_err ign = {0};
  if (read_file(path, &cur, NULL, &ign) == 0) cur[strcspn(cur, "\n")] = '\0';
  log_warn("process.oomScoreAdj %d: lowering it below the inherited %s needs CAP_SYS_RESOURCE; left at %s", value,
           cur ? cur : "value", cur ? cur : "that");
  free(cur);
  return 0;
}
