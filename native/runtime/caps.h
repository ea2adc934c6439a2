/* Credentials of the container process, in the order crun and runc use:
 * shrink the bounding set, keep capabilities across the uid change, switch
 * gids and uid, then set effective/permitted/inheritable and ambient. */
#ifndef RT_CAPS_H
#define RT_CAPS_H

#include <stdbool.h>

#include "error.h"
#include "spec.h"

/* /proc/sys/kernel/cap_last_cap; read before pivot_root. */
int caps_last_cap(void);
/* Warns about capabilities this kernel does not know and removes them. */
void caps_check_kernel(struct spec_process *p);
/* setgroups is skipped when a user namespace denies it. */
int creds_apply(const struct spec_process *p, bool setgroups_allowed, struct rt_err *e);
/* Capability bits of the current process, for `exec --cap`. */
int cap_parse_list(const char **names, size_t n, uint64_t *out, struct rt_err *e);

#endif
