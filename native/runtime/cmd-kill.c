/* kill and delete. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "hooks.h"
#include "log.h"

int signal_all(struct ctr_state *st, int sig, bool all, struct rt_err *e) {
  if (!all) {
    if (kill(st->pid, sig) < 0) return rt_errf(e, errno, "kill %d", (int)st->pid);
    return 0;
  }
  pid_t *pids;
  size_t n;
  if (!st->has_cgroup || cgroup_pids(&st->cg, &pids, &n, e) < 0) {
    if (kill(st->pid, sig) < 0 && errno != ESRCH) return rt_errf(e, errno, "kill %d", (int)st->pid);
    return 0;
  }
  for (size_t i = 0; i < n; i++)
    if (kill(pids[i], sig) < 0 && errno != ESRCH) return rt_errf(e, errno, "kill %d", (int)pids[i]);
  free(pids);
  return 0;
}

int cmd_kill(struct global *g, int argc, char **argv) {
  struct rt_err e = {0};
  bool all = false;
  const struct opt opts[] = {{"all", 'a', OPT_BOOL, &all}, {NULL, 0, 0, NULL}};
  int idx = 0;
  struct ctr_state st;
  if (parse_opts(argc, argv, &idx, opts, "kill", &e) < 0) return report(&e);
  if (idx >= argc || argc - idx > 2) {
    rt_errf(&e, 0, "kill: usage: kill [--all] ID [SIGNAL]");
    return report(&e);
  }
  const char *signame = argc - idx == 2 ? argv[idx + 1] : "SIGTERM";
  int sig = signal_from_name(signame);
  if (sig < 0) {
    rt_errf(&e, 0, "kill: unknown signal \"%s\"", signame);
    return report(&e);
  }
  if (state_load(g->root, argv[idx], &st, &e) < 0) return report(&e);
  if (strcmp(state_status(&st), "stopped") == 0) {
    rt_errf(&e, 0, "kill %s: the container is not running", st.id);
    return report(&e);
  }
  return signal_all(&st, sig, all, &e) < 0 ? report(&e) : 0;
}

static void sleep_ms(int ms) {
  struct timespec ts = {0, ms * 1000000L};
  nanosleep(&ts, NULL);
}

/* Until no process of the container is left (the init, and anything in its cgroup). */
static int wait_gone(struct ctr_state *st, struct rt_err *e) {
  for (int i = 0; i < 5000; i++) {
    pid_t *pids = NULL;
    size_t n = 0;
    struct rt_err ign = {0};
    bool alive = state_alive(st);
    if (st->has_cgroup && cgroup_pids(&st->cg, &pids, &n, &ign) == 0 && n > 0) {
      for (size_t k = 0; k < n; k++) kill(pids[k], SIGKILL);
      alive = true;
    }
    free(pids);
    if (!alive) return 0;
    sleep_ms(1);
  }
  return rt_errf(e, 0, "delete %s: processes are still running after SIGKILL", st->id);
}

static void poststop(struct ctr_state *st) {
  char *path = path_join(st->dir, "config.json"), *buf;
  size_t len;
  struct rt_err e = {0};
  struct spec_hooks hooks;
  if (read_file(path, &buf, &len, &e) == 0) {
    struct json *doc = json_parse(buf, len, "config.json", &e);
    free(buf);
    if (doc && spec_parse_hooks(json_get(doc, "hooks"), &hooks, &e) == 0 && hooks.n[HOOK_POSTSTOP]) {
      char *state = state_oci_json(st, "stopped", false);
      hooks_run_warn(&hooks, HOOK_POSTSTOP, state);
      free(state);
    }
    json_free(doc);
  }
  free(path);
}

int container_delete(struct ctr_state *st, bool force, struct rt_err *e) {
  const char *status = state_status(st);
  bool created = strcmp(status, "created") == 0;
  if (strcmp(status, "stopped") != 0) {
    if (!force && !created) return rt_errf(e, 0, "cannot delete container %s that is not stopped: %s", st->id, status);
    struct rt_err ign = {0};
    signal_all(st, SIGKILL, true, &ign);
    kill(st->pid, SIGKILL);
    /* A frozen task takes its SIGKILL only once thawed. */
    if (strcmp(status, "paused") == 0 && st->has_cgroup) cgroup_freeze(&st->cg, false, &ign);
  }
  int rc = 0;
  /* Usually everything is gone already and the cgroups go at the first try;
   * only when one is busy do we look for what still runs in it. */
  struct rt_err busy = {0};
  if (state_alive(st) || (st->has_cgroup && cgroup_destroy_now(&st->cg, &busy) < 0)) {
    if (wait_gone(st, e) < 0) return -1;
    if (st->has_cgroup && cgroup_destroy(&st->cg, e) < 0) rc = -1;
  }
  struct rt_err se = {0};
  /* The hooks read the saved config, so they run before the state goes. */
  poststop(st);
  if (state_remove_dir(st->dir, &se) < 0 && rc == 0) {
    *e = se;
    rc = -1;
  }
  return rc;
}

int cmd_delete(struct global *g, int argc, char **argv) {
  struct rt_err e = {0};
  bool force = false;
  const struct opt opts[] = {{"force", 'f', OPT_BOOL, &force}, {NULL, 0, 0, NULL}};
  int idx = 0;
  const char *id;
  struct ctr_state st;
  if (parse_opts(argc, argv, &idx, opts, "delete", &e) < 0 || need_id(argc, argv, idx, "delete", &id, &e) < 0)
    return report(&e);
  if (state_load(g->root, id, &st, &e) < 0) {
    /* Deleting what is already gone is fine with --force, as in runc. */
    if (force && strstr(e.msg, "does not exist")) return 0;
    return report(&e);
  }
  return container_delete(&st, force, &e) < 0 ? report(&e) : 0;
}
