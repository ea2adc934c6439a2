/* process.rlimits and oomScoreAdj, set by the parent on the container's first
 * process before it forks or execs anything. A hard limit above the one we
 * hold needs CAP_SYS_RESOURCE; without it the limit is clamped with a warning
 * instead of failing the start (podman fails here with "error setting rlimit
 * type 7: operation not permitted"). */
#ifndef RT_RLIMIT_H
#define RT_RLIMIT_H

#include <sys/types.h>

#include "error.h"
#include "spec.h"

int rlimits_apply(pid_t pid, const struct spec_process *p, struct rt_err *e);
int oom_score_adj_apply(pid_t pid, int value, struct rt_err *e);

#endif
