/* Mount options as config.json lists them ("ro", "nosuid", "rbind",
 * "rprivate", "size=64m"), split into mount(2) flags, a propagation change,
 * recursive attributes for mount_setattr(2), and filesystem data. */
#ifndef RT_MOUNT_OPTS_H
#define RT_MOUNT_OPTS_H

#include <stddef.h>
#include <sys/mount.h>

#include "error.h"
#include "spec.h"

int mount_parse_options(const char **opts, size_t n, struct spec_mount *m, struct rt_err *e);

#endif
