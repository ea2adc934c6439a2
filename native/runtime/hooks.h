/* OCI hooks: each runs with the container's state JSON on stdin, its own
 * args and env, and an optional timeout. A failing prestart, createRuntime,
 * createContainer or startContainer hook fails the container; a failing
 * poststart or poststop hook is a warning, as the spec says. */
#ifndef RT_HOOKS_H
#define RT_HOOKS_H

#include "error.h"
#include "spec.h"

const char *hook_kind_name(enum hook_kind k);
int hooks_run(const struct spec_hooks *h, enum hook_kind kind, const char *state_json, struct rt_err *e);
/* Runs every hook of kind, turning failures into warnings. */
void hooks_run_warn(const struct spec_hooks *h, enum hook_kind kind, const char *state_json);

#endif
