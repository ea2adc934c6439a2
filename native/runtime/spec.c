#include "spec.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec-parse.h"
#include "util.h"

static int parse_caps(const struct json *c, struct spec_caps *out, struct rt_err *e) {
  static const char *keys[CAP_NSETS] = {"bounding", "effective", "inheritable", "permitted", "ambient"};
  if (c->type != JSON_OBJECT) return spec_type_err(e, "process.capabilities", "an object", c);
  for (int s = 0; s < CAP_NSETS; s++) {
    char path[64];
    char **names;
    size_t n;
    snprintf(path, sizeof path, "process.capabilities.%s", keys[s]);
    if (spec_str_array(json_get(c, keys[s]), path, &names, &n, e) < 0) return -1;
    out->set[s] = 0;
    for (size_t i = 0; i < n; i++) {
      int cap = cap_from_name(names[i]);
      if (cap < 0) {
        free(names);
        return rt_errf(e, 0, WHERE ": %s: unknown capability \"%s\"", path, names[i]);
      }
      out->set[s] |= 1ULL << cap;
    }
    free(names);
  }
  return 0;
}

static int parse_rlimits(const struct json *r, struct spec_process *p, struct rt_err *e) {
  if (r->type != JSON_ARRAY) return spec_type_err(e, "process.rlimits", "an array", r);
  p->rlimits = xcalloc(r->n, sizeof *p->rlimits);
  for (size_t i = 0; i < r->n; i++) {
    const struct json *it = r->items[i];
    const char *type = NULL;
    char path[64];
    snprintf(path, sizeof path, "process.rlimits.%zu", i);
    if (it->type != JSON_OBJECT) return spec_type_err(e, path, "an object", it);
    if (spec_opt_str(it, "type", path, &type, e) < 0) return -1;
    int res = type ? rlimit_from_name(type) : -1;
    if (res < 0) return rt_errf(e, 0, WHERE ": %s.type: unknown rlimit \"%s\"", path, type ? type : "");
    struct spec_rlimit *rl = &p->rlimits[p->nrlimits++];
    rl->resource = res;
    rl->name = type;
    if (json_to_u64(json_get(it, "soft"), &rl->soft) < 0 || json_to_u64(json_get(it, "hard"), &rl->hard) < 0)
      return rt_errf(e, 0, WHERE ": %s: soft and hard must be unsigned integers", path);
  }
  return 0;
}

static int parse_user(const struct json *u, struct spec_process *p, struct rt_err *e) {
  const struct json *v;
  if (u->type != JSON_OBJECT) return spec_type_err(e, "process.user", "an object", u);
  if ((v = json_get(u, "uid")) && spec_to_u32(v, "process.user.uid", &p->uid, e) < 0) return -1;
  if ((v = json_get(u, "gid")) && spec_to_u32(v, "process.user.gid", &p->gid, e) < 0) return -1;
  if ((v = json_get(u, "umask")) && v->type != JSON_NULL) {
    uint32_t m;
    if (spec_to_u32(v, "process.user.umask", &m, e) < 0) return -1;
    p->has_umask = true;
    p->umask = (mode_t)(m & 0777);
  }
  v = json_get(u, "additionalGids");
  if (v && v->type != JSON_NULL) {
    if (v->type != JSON_ARRAY) return spec_type_err(e, "process.user.additionalGids", "an array", v);
    p->gids = xcalloc(v->n, sizeof *p->gids);
    for (size_t i = 0; i < v->n; i++)
      if (spec_to_u32(v->items[i], "process.user.additionalGids", &p->gids[p->ngids++], e) < 0) return -1;
  }
  return 0;
}

int spec_parse_process(const struct json *p, const char *where, struct spec_process *out, struct rt_err *e) {
  const struct json *v;
  memset(out, 0, sizeof *out);
  if (p->type != JSON_OBJECT) return spec_type_err(e, where, "an object", p);
  if (spec_opt_bool(p, "terminal", "process.terminal", &out->terminal, e) < 0) return -1;
  if ((v = json_get(p, "consoleSize")) && v->type == JSON_OBJECT) {
    uint32_t h = 0, w = 0;
    const struct json *hv = json_get(v, "height"), *wv = json_get(v, "width");
    if ((hv && spec_to_u32(hv, "process.consoleSize.height", &h, e) < 0) ||
        (wv && spec_to_u32(wv, "process.consoleSize.width", &w, e) < 0))
      return -1;
    out->has_console_size = true;
    out->console_h = (unsigned short)h;
    out->console_w = (unsigned short)w;
  }
  if ((v = json_get(p, "user")) && parse_user(v, out, e) < 0) return -1;
  if (spec_str_array(json_get(p, "args"), "process.args", &out->args, &out->nargs, e) < 0) return -1;
  if (spec_str_array(json_get(p, "env"), "process.env", &out->env, &out->nenv, e) < 0) return -1;
  if (spec_opt_str(p, "cwd", "process.cwd", &out->cwd, e) < 0) return -1;
  if (!out->cwd) out->cwd = "/";
  if (out->cwd[0] != '/') return rt_errf(e, 0, WHERE ": process.cwd: \"%s\" is not an absolute path", out->cwd);
  if ((v = json_get(p, "capabilities")) && v->type != JSON_NULL) {
    out->has_caps = true;
    if (parse_caps(v, &out->caps, e) < 0) return -1;
  }
  if ((v = json_get(p, "rlimits")) && v->type != JSON_NULL && parse_rlimits(v, out, e) < 0) return -1;
  if (spec_opt_bool(p, "noNewPrivileges", "process.noNewPrivileges", &out->nnp, e) < 0) return -1;
  if ((v = json_get(p, "oomScoreAdj")) && v->type != JSON_NULL) {
    int64_t n;
    if (json_to_i64(v, &n) < 0 || n < -1000 || n > 1000)
      return rt_errf(e, 0, WHERE ": process.oomScoreAdj: must be an integer from -1000 to 1000");
    out->has_oom = true;
    out->oom_score_adj = (int)n;
  }
  return 0;
}

static int parse_hook_list(const struct json *list, const char *where, struct spec_hook **out, size_t *n,
                           struct rt_err *e) {
  if (!list || list->type == JSON_NULL) return 0;
  if (list->type != JSON_ARRAY) return spec_type_err(e, where, "an array", list);
  *out = xcalloc(list->n, sizeof **out);
  for (size_t i = 0; i < list->n; i++) {
    const struct json *h = list->items[i], *t;
    struct spec_hook *hk = &(*out)[(*n)++];
    char path[96];
    snprintf(path, sizeof path, "%s.%zu", where, i);
    if (h->type != JSON_OBJECT) return spec_type_err(e, path, "an object", h);
    if (spec_opt_str(h, "path", path, &hk->path, e) < 0) return -1;
    if (!hk->path || hk->path[0] != '/') return rt_errf(e, 0, WHERE ": %s.path: must be an absolute path", path);
    if (spec_str_array(json_get(h, "args"), path, &hk->args, &hk->nargs, e) < 0 ||
        spec_str_array(json_get(h, "env"), path, &hk->env, &hk->nenv, e) < 0)
      return -1;
    if ((t = json_get(h, "timeout")) && t->type != JSON_NULL) {
      int64_t secs;
      if (json_to_i64(t, &secs) < 0 || secs <= 0 || secs > 86400)
        return rt_errf(e, 0, WHERE ": %s.timeout: must be a positive number of seconds", path);
      hk->timeout = (int)secs;
    }
  }
  return 0;
}

int spec_parse_hooks(const struct json *hooks, struct spec_hooks *out, struct rt_err *e) {
  static const char *names[HOOK_NKINDS] = {"prestart", "createRuntime", "createContainer", "startContainer",
                                           "poststart", "poststop"};
  memset(out, 0, sizeof *out);
  if (!hooks || hooks->type == JSON_NULL) return 0;
  if (hooks->type != JSON_OBJECT) return spec_type_err(e, "hooks", "an object", hooks);
  for (int k = 0; k < HOOK_NKINDS; k++) {
    char where[64];
    snprintf(where, sizeof where, "hooks.%s", names[k]);
    if (parse_hook_list(json_get(hooks, names[k]), where, &out->h[k], &out->n[k], e) < 0) return -1;
  }
  return 0;
}

static int parse_doc(struct spec *s, const char *bundle, struct rt_err *e) {
  const struct json *d = s->doc, *v;
  if (d->type != JSON_OBJECT) return spec_type_err(e, "(top level)", "an object", d);
  if (spec_opt_str(d, "ociVersion", "ociVersion", &s->oci_version, e) < 0) return -1;
  if (!s->oci_version) return rt_errf(e, 0, WHERE ": ociVersion is missing");
  v = json_get(d, "root");
  const char *root = NULL;
  if (v && v->type == JSON_OBJECT) {
    if (spec_opt_str(v, "path", "root.path", &root, e) < 0) return -1;
    if (spec_opt_bool(v, "readonly", "root.readonly", &s->root_readonly, e) < 0) return -1;
  }
  if (!root || !*root) return rt_errf(e, 0, WHERE ": root.path is missing");
  s->root_path = root[0] == '/' ? root : path_join(bundle, root);
  if (spec_opt_str(d, "hostname", "hostname", &s->hostname, e) < 0) return -1;
  if (spec_opt_str(d, "domainname", "domainname", &s->domainname, e) < 0) return -1;
  if ((v = json_get(d, "process")) && v->type != JSON_NULL) {
    s->process = xcalloc(1, sizeof *s->process);
    if (spec_parse_process(v, "process", s->process, e) < 0) return -1;
  }
  if ((v = json_get(d, "mounts")) && v->type != JSON_NULL && spec_parse_mounts(v, s, e) < 0) return -1;
  if ((v = json_get(d, "linux")) && v->type != JSON_NULL && spec_parse_linux(v, s, e) < 0) return -1;
  s->hooks_json = json_get(d, "hooks");
  if (spec_parse_hooks(s->hooks_json, &s->hooks, e) < 0) return -1;
  s->annotations = json_get(d, "annotations");
  if (s->annotations && s->annotations->type != JSON_OBJECT) s->annotations = NULL;
  return 0;
}

int spec_load(const char *path, const char *bundle, struct spec *s, struct rt_err *e) {
  char *buf;
  size_t len;
  memset(s, 0, sizeof *s);
  if (read_file(path, &buf, &len, e) < 0) return -1;
  s->doc = json_parse(buf, len, path, e);
  free(buf);
  if (!s->doc) return -1;
  return parse_doc(s, bundle, e);
}

const struct spec_ns *spec_find_ns(const struct spec *s, int type) {
  for (size_t i = 0; i < s->nns; i++)
    if (s->ns[i].type == type) return &s->ns[i];
  return NULL;
}
