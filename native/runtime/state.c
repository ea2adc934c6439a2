#include "state.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

const char *state_default_root(void) { return "/run/tscompose/runtime"; }

int state_validate_id(const char *id, struct rt_err *e) {
  size_t n = strlen(id);
  if (n == 0 || n > 1024) return rt_errf(e, 0, "invalid container id \"%s\": must be 1 to 1024 characters", id);
  if (strcmp(id, ".") == 0 || strcmp(id, "..") == 0 || strcmp(id, "seccomp") == 0)
    return rt_errf(e, 0, "invalid container id \"%s\"", id);
  for (const char *p = id; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("_.+-", *p)))
      return rt_errf(e, 0, "invalid container id \"%s\": only letters, digits and _ . + - are allowed", id);
  return 0;
}

char *state_dir(const char *root, const char *id) { return path_join(root, id); }

int state_create_dir(const char *root, const char *id, struct rt_err *e) {
  if (mkdir_p(root, 0700, e) < 0) return -1;
  char *dir = state_dir(root, id);
  int r = mkdir(dir, 0700);
  int saved = errno;
  free(dir);
  if (r < 0 && saved == EEXIST) return rt_errf(e, 0, "container \"%s\" already exists", id);
  if (r < 0) return rt_errf(e, saved, "mkdir %s/%s", root, id);
  return 0;
}

int state_write(const struct ctr_state *s, struct rt_err *e) {
  struct sbuf b = {0};
  sbuf_printf(&b, "{\"version\":%d,\"id\":", STATE_VERSION);
  sbuf_json_str(&b, s->id);
  sbuf_printf(&b, ",\"pid\":%d,\"startTime\":%llu,\"bundle\":", (int)s->pid, s->start_time);
  sbuf_json_str(&b, s->bundle);
  sbuf_puts(&b, ",\"rootfs\":");
  sbuf_json_str(&b, s->rootfs);
  sbuf_puts(&b, ",\"created\":");
  sbuf_json_str(&b, s->created);
  if (s->annotations) {
    sbuf_puts(&b, ",\"annotations\":");
    json_write(&b, s->annotations);
  }
  if (s->ns) {
    sbuf_puts(&b, ",\"namespaces\":");
    json_write(&b, s->ns);
  }
  if (s->has_cgroup) {
    sbuf_puts(&b, ",\"cgroup\":");
    cgroup_to_json(&s->cg, &b);
  }
  sbuf_puts(&b, "}\n");
  char *path = path_join(s->dir, "state.json");
  int r = write_file_atomic(path, b.p, b.len, 0600, e);
  free(path);
  free(b.p);
  return r;
}

static char *str_member(const struct json *d, const char *key) {
  const struct json *v = json_get(d, key);
  return xstrdup(v && v->type == JSON_STRING ? v->s : "");
}

int state_load(const char *root, const char *id, struct ctr_state *s, struct rt_err *e) {
  memset(s, 0, sizeof *s);
  if (state_validate_id(id, e) < 0) return -1;
  s->dir = state_dir(root, id);
  char *path = path_join(s->dir, "state.json"), *buf;
  size_t len;
  struct rt_err re = {0};
  int r = read_file(path, &buf, &len, &re);
  if (r < 0 && re.errnum == ENOENT) {
    free(path);
    e->status = 1;
    return rt_errf(e, 0, "container \"%s\" does not exist", id);
  }
  if (r < 0) {
    *e = re;
    free(path);
    return -1;
  }
  s->doc = json_parse(buf, len, path, e);
  free(buf);
  free(path);
  if (!s->doc) return -1;
  int64_t pid = 0;
  uint64_t st = 0;
  if (json_to_i64(json_get(s->doc, "pid"), &pid) < 0 || json_to_u64(json_get(s->doc, "startTime"), &st) < 0)
    return rt_errf(e, 0, "%s/state.json: malformed (pid, startTime)", s->dir);
  s->id = str_member(s->doc, "id");
  s->bundle = str_member(s->doc, "bundle");
  s->rootfs = str_member(s->doc, "rootfs");
  s->created = str_member(s->doc, "created");
  s->pid = (pid_t)pid;
  s->start_time = st;
  s->annotations = json_get(s->doc, "annotations");
  s->ns = json_get(s->doc, "namespaces");
  const struct json *cg = json_get(s->doc, "cgroup");
  if (cg) {
    if (cgroup_from_json(cg, &s->cg, e) < 0) return -1;
    s->has_cgroup = true;
  }
  return 0;
}

bool state_alive(const struct ctr_state *s) {
  if (s->pid <= 0) return false;
  char st = 0;
  unsigned long long t = proc_start_time(s->pid, &st);
  return t != 0 && t == s->start_time && st != 'Z' && st != 'X';
}

const char *state_status(struct ctr_state *s) {
  if (!state_alive(s)) return "stopped";
  char *fifo = path_join(s->dir, "exec.fifo");
  bool created = path_exists(fifo);
  free(fifo);
  if (created) return "created";
  if (s->has_cgroup && cgroup_is_frozen(&s->cg)) return "paused";
  return "running";
}

char *state_oci_json(const struct ctr_state *s, const char *status, bool pretty) {
  struct sbuf b = {0};
  const char *nl = pretty ? "\n  " : "", *sp = pretty ? " " : "";
  bool alive = strcmp(status, "stopped") != 0;
  sbuf_printf(&b, "{%s\"ociVersion\":%s", nl, sp);
  sbuf_json_str(&b, OCI_VERSION);
  sbuf_printf(&b, ",%s\"id\":%s", nl, sp);
  sbuf_json_str(&b, s->id);
  sbuf_printf(&b, ",%s\"pid\":%s%d", nl, sp, alive ? (int)s->pid : 0);
  sbuf_printf(&b, ",%s\"status\":%s", nl, sp);
  sbuf_json_str(&b, status);
  sbuf_printf(&b, ",%s\"bundle\":%s", nl, sp);
  sbuf_json_str(&b, s->bundle);
  sbuf_printf(&b, ",%s\"rootfs\":%s", nl, sp);
  sbuf_json_str(&b, s->rootfs);
  sbuf_printf(&b, ",%s\"created\":%s", nl, sp);
  sbuf_json_str(&b, s->created);
  sbuf_printf(&b, ",%s\"owner\":%s\"\"", nl, sp);
  if (s->annotations && s->annotations->n) {
    sbuf_printf(&b, ",%s\"annotations\":%s", nl, sp);
    json_write(&b, s->annotations);
  }
  sbuf_printf(&b, "%s}", pretty ? "\n" : "");
  return sbuf_take(&b);
}

int state_remove_dir(const char *dir, struct rt_err *e) {
  DIR *d = opendir(dir);
  if (!d) return errno == ENOENT ? 0 : rt_errf(e, errno, "open %s", dir);
  struct dirent *de;
  while ((de = readdir(d))) {
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
    char *p = path_join(dir, de->d_name);
    if (unlink(p) < 0 && errno != ENOENT) {
      rt_errf(e, errno, "remove %s", p);
      free(p);
      closedir(d);
      return -1;
    }
    free(p);
  }
  closedir(d);
  if (rmdir(dir) < 0 && errno != ENOENT) return rt_errf(e, errno, "remove %s", dir);
  return 0;
}
