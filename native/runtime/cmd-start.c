/* start: wakes the container process waiting on exec.fifo, then runs the
 * poststart hooks. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "hooks.h"
#include "log.h"

static int load_hooks(struct ctr_state *st, struct spec_hooks *hooks, struct rt_err *e) {
  char *path = path_join(st->dir, "config.json"), *buf;
  size_t len;
  int rc = read_file(path, &buf, &len, e);
  free(path);
  if (rc < 0) return -1;
  struct json *doc = json_parse(buf, len, "config.json", e);
  free(buf);
  if (!doc) return -1;
  return spec_parse_hooks(json_get(doc, "hooks"), hooks, e);
}

int cmd_start(struct global *g, int argc, char **argv) {
  struct rt_err e = {0};
  const struct opt opts[] = {{NULL, 0, 0, NULL}};
  int idx = 0;
  const char *id;
  struct ctr_state st;
  if (parse_opts(argc, argv, &idx, opts, "start", &e) < 0 || need_id(argc, argv, idx, "start", &id, &e) < 0 ||
      state_load(g->root, id, &st, &e) < 0)
    return report(&e);
  const char *status = state_status(&st);
  if (strcmp(status, "created") != 0) {
    rt_errf(&e, 0, "cannot start a container that is %s (only a created one)", status);
    return report(&e);
  }
  struct spec_hooks hooks;
  if (load_hooks(&st, &hooks, &e) < 0) return report(&e);
  char *fifo = path_join(st.dir, "exec.fifo");
  /* O_NONBLOCK: ENXIO instead of hanging when nobody waits on the other end. */
  int fd = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    rt_errf(&e, errno == ENXIO ? 0 : errno, errno == ENXIO ? "start %s: the container process is gone" : "open %s",
            errno == ENXIO ? id : fifo);
    return report(&e);
  }
  if (write(fd, "0", 1) != 1) {
    rt_errf(&e, errno, "write %s", fifo);
    close(fd);
    return report(&e);
  }
  close(fd);
  unlink(fifo);
  free(fifo);
  char *state = state_oci_json(&st, "running", false);
  hooks_run_warn(&hooks, HOOK_POSTSTART, state);
  free(state);
  return 0;
}
