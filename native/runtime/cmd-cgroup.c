/* Commands that act on a container's cgroups: pause, resume, ps, update,
 * events --stats. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "log.h"

static int load_running(struct global *g, int argc, char **argv, const char *cmd, const struct opt *opts,
                        struct ctr_state *st, struct rt_err *e) {
  int idx = 0;
  const char *id;
  if (parse_opts(argc, argv, &idx, opts, cmd, e) < 0 || need_id(argc, argv, idx, cmd, &id, e) < 0 ||
      state_load(g->root, id, st, e) < 0)
    return -1;
  if (!st->has_cgroup) return rt_errf(e, 0, "%s %s: the container has no cgroup", cmd, id);
  return 0;
}

static int freeze(struct global *g, int argc, char **argv, bool on) {
  struct rt_err e = {0};
  struct ctr_state st;
  const struct opt opts[] = {{NULL, 0, 0, NULL}};
  const char *cmd = on ? "pause" : "resume";
  if (load_running(g, argc, argv, cmd, opts, &st, &e) < 0) return report(&e);
  const char *status = state_status(&st);
  const char *need = on ? "running" : "paused";
  if (strcmp(status, need) != 0) {
    rt_errf(&e, 0, "%s %s: the container is %s, not %s", cmd, st.id, status, need);
    return report(&e);
  }
  return cgroup_freeze(&st.cg, on, &e) < 0 ? report(&e) : 0;
}

int cmd_pause(struct global *g, int argc, char **argv) { return freeze(g, argc, argv, true); }
int cmd_resume(struct global *g, int argc, char **argv) { return freeze(g, argc, argv, false); }

static bool listed(pid_t p, const pid_t *pids, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (pids[i] == p) return true;
  return false;
}

/* The table comes from ps(1) like runc's, filtered to the container's pids. */
static int ps_table(const pid_t *pids, size_t n, struct rt_err *e) {
  int out[2];
  if (pipe(out) < 0) return rt_errf(e, errno, "pipe");
  pid_t child = fork();
  if (child < 0) return rt_errf(e, errno, "fork");
  if (child == 0) {
    dup2(out[1], 1);
    close(out[0]);
    close(out[1]);
    execlp("ps", "ps", "-ef", (char *)NULL);
    _exit(127);
  }
  close(out[1]);
  char *text;
  int r = read_fd_all(out[0], &text, NULL);
  close(out[0]);
  int status;
  waitpid(child, &status, 0);
  if (r < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return rt_errf(e, 0, "ps: running ps -ef failed");
  char *save = NULL;
  for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    char user[64];
    int pid;
    if (sscanf(line, "%63s %d", user, &pid) != 2 ? strncmp(line, "UID", 3) == 0 : listed(pid, pids, n))
      printf("%s\n", line);
  }
  free(text);
  return 0;
}

int cmd_ps(struct global *g, int argc, char **argv) {
  struct rt_err e = {0};
  struct ctr_state st;
  const char *format = "table";
  const struct opt opts[] = {{"format", 'f', OPT_STR, &format}, {NULL, 0, 0, NULL}};
  if (load_running(g, argc, argv, "ps", opts, &st, &e) < 0) return report(&e);
  pid_t *pids;
  size_t n;
  if (cgroup_pids(&st.cg, &pids, &n, &e) < 0) return report(&e);
  if (strcmp(format, "json") == 0) {
    printf("[");
    for (size_t i = 0; i < n; i++) printf("%s%d", i ? "," : "", (int)pids[i]);
    printf("]\n");
    return 0;
  }
  if (strcmp(format, "table") != 0) {
    rt_errf(&e, 0, "ps: --format must be table or json");
    return report(&e);
  }
  return ps_table(pids, n, &e) < 0 ? report(&e) : 0;
}

static void put_num(struct sbuf *b, const char *key, const char *val, bool *first) {
  if (!val) return;
  sbuf_printf(b, "%s\"%s\":%s", *first ? "" : ",", key, val);
  *first = false;
}

/* update's flags, as runc spells them, become a linux.resources object. */
static char *flags_to_resources(const char **v) {
  struct sbuf b = {0};
  bool first = true, f2 = true, f3 = true;
  sbuf_puts(&b, "{\"memory\":{");
  put_num(&b, "limit", v[0], &first);
  put_num(&b, "reservation", v[1], &first);
  put_num(&b, "swap", v[2], &first);
  sbuf_puts(&b, "},\"cpu\":{");
  put_num(&b, "shares", v[3], &f2);
  put_num(&b, "quota", v[4], &f2);
  put_num(&b, "period", v[5], &f2);
  if (v[6]) {
    sbuf_printf(&b, "%s\"cpus\":", f2 ? "" : ",");
    sbuf_json_str(&b, v[6]);
    f2 = false;
  }
  if (v[7]) {
    sbuf_printf(&b, "%s\"mems\":", f2 ? "" : ",");
    sbuf_json_str(&b, v[7]);
  }
  sbuf_puts(&b, "},\"pids\":{");
  put_num(&b, "limit", v[8], &f3);
  sbuf_puts(&b, "},\"blockIO\":{");
  f3 = true;
  put_num(&b, "weight", v[9], &f3);
  sbuf_puts(&b, "}}");
  return sbuf_take(&b);
}

int cmd_update(struct global *g, int argc, char **argv) {
  struct rt_err e = {0};
  struct ctr_state st;
  const char *file = NULL, *v[10] = {0}, *kernel = NULL, *kernel_tcp = NULL;
  const struct opt opts[] = {
      {"resources", 'r', OPT_STR, &file},    {"memory", 'm', OPT_STR, &v[0]},        {"memory-reservation", 0, OPT_STR, &v[1]},
      {"memory-swap", 0, OPT_STR, &v[2]},    {"cpu-shares", 0, OPT_STR, &v[3]},      {"cpu-quota", 0, OPT_STR, &v[4]},
      {"cpu-period", 0, OPT_STR, &v[5]},     {"cpuset-cpus", 0, OPT_STR, &v[6]},     {"cpuset-mems", 0, OPT_STR, &v[7]},
      {"pids-limit", 0, OPT_STR, &v[8]},     {"blkio-weight", 0, OPT_STR, &v[9]},    {"kernel-memory", 0, OPT_STR, &kernel},
      {"kernel-memory-tcp", 0, OPT_STR, &kernel_tcp}, {NULL, 0, 0, NULL},
  };
  if (load_running(g, argc, argv, "update", opts, &st, &e) < 0) return report(&e);
  if (kernel || kernel_tcp) log_warn("update: kernel memory limits are not supported by this kernel; ignored");
  for (int i = 0; i < 10; i++) {
    int64_t n;
    if (v[i] && i != 6 && i != 7 && parse_i64(v[i], &n) < 0) {
      rt_errf(&e, 0, "update: \"%s\" is not a number (sizes are in bytes)", v[i]);
      return report(&e);
    }
  }
  char *text;
  size_t len;
  if (file) {
    if (strcmp(file, "-") == 0 ? read_fd_all(0, &text, &len) < 0 : read_file(file, &text, &len, &e) < 0) {
      if (!e.msg[0]) rt_errf(&e, errno, "read the resources from stdin");
      return report(&e);
    }
  } else {
    text = flags_to_resources(v);
    len = strlen(text);
  }
  struct json *doc = json_parse(text, len, file ? file : "update flags", &e);
  struct cg_resources res;
  if (!doc || cg_resources_parse(doc, file ? file : "update", &res, &e) < 0 || cgroup_apply(&st.cg, &res, &e) < 0)
    return report(&e);
  return 0;
}

int cmd_events(struct global *g, int argc, char **argv) {
  struct rt_err e = {0};
  struct ctr_state st;
  bool stats = false;
  long interval = 0;
  const char *interval_s = NULL;
  const struct opt opts[] = {{"stats", 0, OPT_BOOL, &stats}, {"interval", 0, OPT_STR, &interval_s}, {NULL, 0, 0, NULL}};
  if (load_running(g, argc, argv, "events", opts, &st, &e) < 0) return report(&e);
  (void)interval;
  if (!stats) {
    rt_errf(&e, 0, "events: only --stats is supported (one sample of resource usage)");
    return report(&e);
  }
  struct sbuf b = {0};
  sbuf_puts(&b, "{\"type\":\"stats\",\"id\":");
  sbuf_json_str(&b, st.id);
  sbuf_puts(&b, ",\"data\":");
  cgroup_stats(&st.cg, &b);
  sbuf_puts(&b, "}\n");
  fputs(b.p, stdout);
  free(b.p);
  return 0;
}
