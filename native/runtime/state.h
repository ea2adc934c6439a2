/* The runtime's state directory (--root, default /run/tscompose/runtime):
 *
 *   <root>/<id>/state.json    this container's record (version 1), written
 *                             atomically: pid and its start time (so a
 *                             reused pid is not mistaken for the container),
 *                             bundle, rootfs, creation time, annotations,
 *                             cgroup directories, namespaces
 *   <root>/<id>/config.json   the config the container was created with,
 *                             for exec, update and the poststop hooks
 *   <root>/<id>/exec.fifo     exists between create and start; the container
 *                             process waits for a byte on it before exec
 *   <root>/seccomp/<hash>.bpf compiled seccomp filters (seccomp.h)
 */
#ifndef RT_STATE_H
#define RT_STATE_H

#include <stdbool.h>
#include <sys/types.h>

#include "cgroup.h"
#include "error.h"
#include "json.h"

#define STATE_VERSION 1
#define OCI_VERSION "1.0.2"

struct ctr_state {
  char *id, *bundle, *rootfs, *created, *dir;
  pid_t pid;
  unsigned long long start_time;
  bool has_cgroup;
  struct cgroup cg;
  struct json *doc;          /* state.json */
  const struct json *annotations;
  const struct json *ns;     /* {"pid": "/proc/N/ns/pid", ...} at creation */
};

const char *state_default_root(void);
int state_validate_id(const char *id, struct rt_err *e);
char *state_dir(const char *root, const char *id);
/* Creates <root>/<id>; fails when the container exists. */
int state_create_dir(const char *root, const char *id, struct rt_err *e);
int state_write(const struct ctr_state *s, struct rt_err *e);
int state_load(const char *root, const char *id, struct ctr_state *s, struct rt_err *e);
/* "creating", "created", "running", "paused" or "stopped". */
const char *state_status(struct ctr_state *s);
bool state_alive(const struct ctr_state *s);
/* The runtime-spec state JSON, as `state` prints it and hooks read it. */
char *state_oci_json(const struct ctr_state *s, const char *status, bool pretty);
int state_remove_dir(const char *dir, struct rt_err *e);

#endif
