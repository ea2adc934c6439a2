#include "spec.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mount-opts.h"
#include "util.h"

#define WHERE "config.json"

static int type_err(struct rt_err *e, const char *path, const char *want, const struct json *v) {
  return rt_errf(e, 0, WHERE ": %s: must be %s, not %s (line %d)", path, want, json_type_name(v->type), v->line);
}

/* An optional string member: *out stays NULL when absent. */
static int opt_str(const struct json *obj, const char *key, const char *path, const char **out, struct rt_err *e) {
  const struct json *v = json_get(obj, key);
  if (!v || v->type == JSON_NULL) return 0;
  if (v->type != JSON_STRING) return type_err(e, path, "a string", v);
  *out = v->s;
  return 0;
}

static int opt_bool(const struct json *obj, const char *key, const char *path, bool *out, struct rt_err *e) {
  const struct json *v = json_get(obj, key);
  if (!v || v->type == JSON_NULL) return 0;
  if (v->type != JSON_BOOL) return type_err(e, path, "a boolean", v);
  *out = v->b;
  return 0;
}

static int to_u32(const struct json *v, const char *path, uint32_t *out, struct rt_err *e) {
  uint64_t n;
  if (v->type != JSON_NUMBER) return type_err(e, path, "a number", v);
  if (json_to_u64(v, &n) < 0 || n > UINT32_MAX)
    return rt_errf(e, 0, WHERE ": %s: %s is not an unsigned 32-bit integer", path, v->s);
  *out = (uint32_t)n;
  return 0;
}

/* An optional array of strings into a NULL-terminated vector. */
static int str_array(const struct json *v, const char *path, char ***out, size_t *n, struct rt_err *e) {
  *out = NULL;
  *n = 0;
  if (!v || v->type == JSON_NULL) return 0;
  if (v->type != JSON_ARRAY) return type_err(e, path, "an array of strings", v);
  char **a = xcalloc(v->n + 1, sizeof *a);
  for (size_t i = 0; i < v->n; i++) {
    if (v->items[i]->type != JSON_STRING) {
      char p[256];
      snprintf(p, sizeof p, "%s.%zu", path, i);
      free(a);
      return type_err(e, p, "a string", v->items[i]);
    }
    a[i] = (char *)v->items[i]->s;
  }
  *out = a;
  *n = v->n;
  return 0;
}

static int parse_caps(const struct json *c, struct spec_caps *out, struct rt_err *e) {
  static const char *keys[CAP_NSETS] = {"bounding", "effective", "inheritable", "permitted", "ambient"};
  if (c->type != JSON_OBJECT) return type_err(e, "process.capabilities", "an object", c);
  for (int s = 0; s < CAP_NSETS; s++) {
    char path[64];
    char **names;
    size_t n;
    snprintf(path, sizeof path, "process.capabilities.%s", keys[s]);
    if (str_array(json_get(c, keys[s]), path, &names, &n, e) < 0) return -1;
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
  if (r->type != JSON_ARRAY) return type_err(e, "process.rlimits", "an array", r);
  p->rlimits = xcalloc(r->n, sizeof *p->rlimits);
  for (size_t i = 0; i < r->n; i++) {
    const struct json *it = r->items[i];
    const char *type = NULL;
    char path[64];
    snprintf(path, sizeof path, "process.rlimits.%zu", i);
    if (it->type != JSON_OBJECT) return type_err(e, path, "an object", it);
    if (opt_str(it, "type", path, &type, e) < 0) return -1;
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
  if (u->type != JSON_OBJECT) return type_err(e, "process.user", "an object", u);
  if ((v = json_get(u, "uid")) && to_u32(v, "process.user.uid", &p->uid, e) < 0) return -1;
  if ((v = json_get(u, "gid")) && to_u32(v, "process.user.gid", &p->gid, e) < 0) return -1;
  if ((v = json_get(u, "umask")) && v->type != JSON_NULL) {
    uint32_t m;
    if (to_u32(v, "process.user.umask", &m, e) < 0) return -1;
    p->has_umask = true;
    p->umask = (mode_t)(m & 0777);
  }
  v = json_get(u, "additionalGids");
  if (v && v->type != JSON_NULL) {
    if (v->type != JSON_ARRAY) return type_err(e, "process.user.additionalGids", "an array", v);
    p->gids = xcalloc(v->n, sizeof *p->gids);
    for (size_t i = 0; i < v->n; i++)
      if (to_u32(v->items[i], "process.user.additionalGids", &p->gids[p->ngids++], e) < 0) return -1;
  }
  return 0;
}

int spec_parse_process(const struct json *p, const char *where, struct spec_process *out, struct rt_err *e) {
  const struct json *v;
  memset(out, 0, sizeof *out);
  if (p->type != JSON_OBJECT) return type_err(e, where, "an object", p);
  if (opt_bool(p, "terminal", "process.terminal", &out->terminal, e) < 0) return -1;
  if ((v = json_get(p, "consoleSize")) && v->type == JSON_OBJECT) {
    uint32_t h = 0, w = 0;
    const struct json *hv = json_get(v, "height"), *wv = json_get(v, "width");
    if ((hv && to_u32(hv, "process.consoleSize.height", &h, e) < 0) ||
        (wv && to_u32(wv, "process.consoleSize.width", &w, e) < 0))
      return -1;
    out->has_console_size = true;
    out->console_h = (unsigned short)h;
    out->console_w = (unsigned short)w;
  }
  if ((v = json_get(p, "user")) && parse_user(v, out, e) < 0) return -1;
  if (str_array(json_get(p, "args"), "process.args", &out->args, &out->nargs, e) < 0) return -1;
  if (str_array(json_get(p, "env"), "process.env", &out->env, &out->nenv, e) < 0) return -1;
  if (opt_str(p, "cwd", "process.cwd", &out->cwd, e) < 0) return -1;
  if (!out->cwd) out->cwd = "/";
  if (out->cwd[0] != '/') return rt_errf(e, 0, WHERE ": process.cwd: \"%s\" is not an absolute path", out->cwd);
  if ((v = json_get(p, "capabilities")) && v->type != JSON_NULL) {
    out->has_caps = true;
    if (parse_caps(v, &out->caps, e) < 0) return -1;
  }
  if ((v = json_get(p, "rlimits")) && v->type != JSON_NULL && parse_rlimits(v, out, e) < 0) return -1;
  if (opt_bool(p, "noNewPrivileges", "process.noNewPrivileges", &out->nnp, e) < 0) return -1;
  if ((v = json_get(p, "oomScoreAdj")) && v->type != JSON_NULL) {
    int64_t n;
    if (json_to_i64(v, &n) < 0 || n < -1000 || n > 1000)
      return rt_errf(e, 0, WHERE ": process.oomScoreAdj: must be an integer from -1000 to 1000");
    out->has_oom = true;
    out->oom_score_adj = (int)n;
  }
  return 0;
}

static int parse_mounts(const struct json *m, struct spec *s, struct rt_err *e) {
  if (m->type != JSON_ARRAY) return type_err(e, "mounts", "an array", m);
  s->mounts = xcalloc(m->n, sizeof *s->mounts);
  for (size_t i = 0; i < m->n; i++) {
    const struct json *it = m->items[i];
    struct spec_mount *mt = &s->mounts[s->nmounts++];
    char path[64], **opts;
    size_t nopts;
    snprintf(path, sizeof path, "mounts.%zu", i);
    if (it->type != JSON_OBJECT) return type_err(e, path, "an object", it);
    if (opt_str(it, "destination", path, &mt->dest, e) < 0 || opt_str(it, "type", path, &mt->type, e) < 0 ||
        opt_str(it, "source", path, &mt->source, e) < 0)
      return -1;
    if (!mt->dest || mt->dest[0] != '/')
      return rt_errf(e, 0, WHERE ": %s.destination: must be an absolute path", path);
    if (str_array(json_get(it, "options"), path, &opts, &nopts, e) < 0) return -1;
    if (mount_parse_options((const char **)opts, nopts, mt, e) < 0) {
      free(opts);
      return rt_err_wrap(e, WHERE ": %s (%s)", path, mt->dest);
    }
    free(opts);
    if (mt->type && strcmp(mt->type, "bind") == 0) mt->bind = true;
    if (mt->bind && !mt->source) return rt_errf(e, 0, WHERE ": %s: a bind mount needs a source", path);
  }
  return 0;
}

static const struct {
  const char *name;
  int flag;
} ns_names[] = {
    {"pid", CLONE_NEWPID}, {"network", CLONE_NEWNET}, {"mount", CLONE_NEWNS},  {"ipc", CLONE_NEWIPC},
    {"uts", CLONE_NEWUTS}, {"user", CLONE_NEWUSER},   {"cgroup", CLONE_NEWCGROUP}, {"time", CLONE_NEWTIME},
};

static int parse_namespaces(const struct json *n, struct spec *s, struct rt_err *e) {
  if (n->type != JSON_ARRAY) return type_err(e, "linux.namespaces", "an array", n);
  s->ns = xcalloc(n->n, sizeof *s->ns);
  for (size_t i = 0; i < n->n; i++) {
    const char *type = NULL, *path = NULL;
    char where[64];
    snprintf(where, sizeof where, "linux.namespaces.%zu", i);
    if (n->items[i]->type != JSON_OBJECT) return type_err(e, where, "an object", n->items[i]);
    if (opt_str(n->items[i], "type", where, &type, e) < 0 || opt_str(n->items[i], "path", where, &path, e) < 0)
      return -1;
    int flag = 0;
    for (size_t k = 0; type && k < sizeof ns_names / sizeof *ns_names; k++)
      if (strcmp(type, ns_names[k].name) == 0) flag = ns_names[k].flag;
    if (!flag) return rt_errf(e, 0, WHERE ": %s.type: unknown namespace \"%s\"", where, type ? type : "");
    if (spec_find_ns(s, flag)) return rt_errf(e, 0, WHERE ": %s: namespace \"%s\" given twice", where, type);
    s->ns[s->nns].type = flag;
    s->ns[s->nns++].path = (path && *path) ? path : NULL;
  }
  return 0;
}

static int parse_idmaps(const struct json *m, const char *where, struct spec_idmap **out, size_t *n,
                        struct rt_err *e) {
  if (!m || m->type == JSON_NULL) return 0;
  if (m->type != JSON_ARRAY) return type_err(e, where, "an array", m);
  *out = xcalloc(m->n, sizeof **out);
  for (size_t i = 0; i < m->n; i++) {
    const struct json *it = m->items[i];
    struct spec_idmap *id = &(*out)[(*n)++];
    const struct json *c = json_get(it, "containerID"), *h = json_get(it, "hostID"), *sz = json_get(it, "size");
    if (!c || !h || !sz) return rt_errf(e, 0, WHERE ": %s.%zu: needs containerID, hostID and size", where, i);
    if (to_u32(c, where, &id->container, e) < 0 || to_u32(h, where, &id->host, e) < 0 ||
        to_u32(sz, where, &id->size, e) < 0)
      return -1;
  }
  return 0;
}

static int parse_devices(const struct json *d, struct spec *s, struct rt_err *e) {
  if (d->type != JSON_ARRAY) return type_err(e, "linux.devices", "an array", d);
  s->devices = xcalloc(d->n, sizeof *s->devices);
  for (size_t i = 0; i < d->n; i++) {
    const struct json *it = d->items[i], *v;
    struct spec_device *dev = &s->devices[s->ndevices++];
    const char *type = NULL;
    char where[64];
    snprintf(where, sizeof where, "linux.devices.%zu", i);
    if (opt_str(it, "path", where, &dev->path, e) < 0 || opt_str(it, "type", where, &type, e) < 0) return -1;
    if (!dev->path || dev->path[0] != '/') return rt_errf(e, 0, WHERE ": %s.path: must be an absolute path", where);
    if (!type || strlen(type) != 1 || !strchr("cbup", type[0]))
      return rt_errf(e, 0, WHERE ": %s.type: must be one of c, b, u, p", where);
    dev->type = type[0];
    if (dev->type != 'p' && (json_to_i64(json_get(it, "major"), &dev->major) < 0 ||
                             json_to_i64(json_get(it, "minor"), &dev->minor) < 0))
      return rt_errf(e, 0, WHERE ": %s: a %c device needs integer major and minor", where, dev->type);
    uint32_t n;
    if ((v = json_get(it, "fileMode")) && v->type != JSON_NULL) {
      if (to_u32(v, where, &n, e) < 0) return -1;
      dev->has_mode = true;
      dev->mode = (mode_t)(n & 07777);
    }
    if ((v = json_get(it, "uid")) && v->type != JSON_NULL) {
      if (to_u32(v, where, &dev->uid, e) < 0) return -1;
      dev->has_uid = true;
    }
    if ((v = json_get(it, "gid")) && v->type != JSON_NULL) {
      if (to_u32(v, where, &dev->gid, e) < 0) return -1;
      dev->has_gid = true;
    }
  }
  return 0;
}

static int parse_sysctls(const struct json *o, struct spec *s, struct rt_err *e) {
  if (o->type != JSON_OBJECT) return type_err(e, "linux.sysctl", "an object", o);
  s->sysctls = xcalloc(o->n, sizeof *s->sysctls);
  for (size_t i = 0; i < o->n; i++) {
    if (o->members[i].val->type != JSON_STRING)
      return rt_errf(e, 0, WHERE ": linux.sysctl.%s: must be a string", o->members[i].key);
    s->sysctls[s->nsysctls].key = o->members[i].key;
    s->sysctls[s->nsysctls++].value = o->members[i].val->s;
  }
  return 0;
}

static int parse_propagation(const char *p, unsigned long *out, struct rt_err *e) {
  static const struct {
    const char *name;
    unsigned long flag;
  } t[] = {{"shared", MS_SHARED}, {"slave", MS_SLAVE}, {"private", MS_PRIVATE}, {"unbindable", MS_UNBINDABLE},
           {"rshared", MS_SHARED}, {"rslave", MS_SLAVE}, {"rprivate", MS_PRIVATE}, {"runbindable", MS_UNBINDABLE}};
  for (size_t i = 0; i < sizeof t / sizeof *t; i++)
    if (strcmp(p, t[i].name) == 0) {
      *out = t[i].flag;
      return 0;
    }
  return rt_errf(e, 0, WHERE ": linux.rootfsPropagation: unknown value \"%s\"", p);
}

static int parse_linux(const struct json *l, struct spec *s, struct rt_err *e) {
  const struct json *v;
  const char *prop = NULL;
  size_t n;
  if (l->type != JSON_OBJECT) return type_err(e, "linux", "an object", l);
  if ((v = json_get(l, "namespaces")) && v->type != JSON_NULL && parse_namespaces(v, s, e) < 0) return -1;
  if (parse_idmaps(json_get(l, "uidMappings"), "linux.uidMappings", &s->uidmap, &s->nuidmap, e) < 0 ||
      parse_idmaps(json_get(l, "gidMappings"), "linux.gidMappings", &s->gidmap, &s->ngidmap, e) < 0)
    return -1;
  if ((v = json_get(l, "devices")) && v->type != JSON_NULL && parse_devices(v, s, e) < 0) return -1;
  if (str_array(json_get(l, "maskedPaths"), "linux.maskedPaths", (char ***)&s->masked, &s->nmasked, e) < 0 ||
      str_array(json_get(l, "readonlyPaths"), "linux.readonlyPaths", (char ***)&s->readonly, &s->nreadonly, e) < 0)
    return -1;
  if ((v = json_get(l, "sysctl")) && v->type != JSON_NULL && parse_sysctls(v, s, e) < 0) return -1;
  if (opt_str(l, "rootfsPropagation", "linux.rootfsPropagation", &prop, e) < 0) return -1;
  if (prop && *prop && parse_propagation(prop, &s->rootfs_propagation, e) < 0) return -1;
  if (opt_str(l, "cgroupsPath", "linux.cgroupsPath", &s->cgroups_path, e) < 0) return -1;
  s->resources = json_get(l, "resources");
  s->seccomp = json_get(l, "seccomp");
  if (s->seccomp && s->seccomp->type == JSON_NULL) s->seccomp = NULL;
  if ((v = json_get(l, "personality")) && v->type == JSON_OBJECT) {
    const char *domain = NULL;
    if (opt_str(v, "domain", "linux.personality.domain", &domain, e) < 0) return -1;
    s->has_personality = true;
    if (domain && strcmp(domain, "LINUX32") == 0) s->personality = 0x0008;
    else if (!domain || strcmp(domain, "LINUX") == 0) s->personality = 0;
    else return rt_errf(e, 0, WHERE ": linux.personality.domain: unknown domain \"%s\"", domain);
  }
  (void)n;
  return 0;
}

static int parse_hook_list(const struct json *list, const char *where, struct spec_hook **out, size_t *n,
                           struct rt_err *e) {
  if (!list || list->type == JSON_NULL) return 0;
  if (list->type != JSON_ARRAY) return type_err(e, where, "an array", list);
  *out = xcalloc(list->n, sizeof **out);
  for (size_t i = 0; i < list->n; i++) {
    const struct json *h = list->items[i], *t;
    struct spec_hook *hk = &(*out)[(*n)++];
    char path[96];
    snprintf(path, sizeof path, "%s.%zu", where, i);
    if (h->type != JSON_OBJECT) return type_err(e, path, "an object", h);
    if (opt_str(h, "path", path, &hk->path, e) < 0) return -1;
    if (!hk->path || hk->path[0] != '/') return rt_errf(e, 0, WHERE ": %s.path: must be an absolute path", path);
    if (str_array(json_get(h, "args"), path, &hk->args, &hk->nargs, e) < 0 ||
        str_array(json_get(h, "env"), path, &hk->env, &hk->nenv, e) < 0)
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
  if (hooks->type != JSON_OBJECT) return type_err(e, "hooks", "an object", hooks);
  for (int k = 0; k < HOOK_NKINDS; k++) {
    char where[64];
    snprintf(where, sizeof where, "hooks.%s", names[k]);
    if (parse_hook_list(json_get(hooks, names[k]), where, &out->h[k], &out->n[k], e) < 0) return -1;
  }
  return 0;
}

static int parse_doc(struct spec *s, const char *bundle, struct rt_err *e) {
  const struct json *d = s->doc, *v;
  if (d->type != JSON_OBJECT) return type_err(e, "(top level)", "an object", d);
  if (opt_str(d, "ociVersion", "ociVersion", &s->oci_version, e) < 0) return -1;
  if (!s->oci_version) return rt_errf(e, 0, WHERE ": ociVersion is missing");
  v = json_get(d, "root");
  const char *root = NULL;
  if (v && v->type == JSON_OBJECT) {
    if (opt_str(v, "path", "root.path", &root, e) < 0) return -1;
    if (opt_bool(v, "readonly", "root.readonly", &s->root_readonly, e) < 0) return -1;
  }
  if (!root || !*root) return rt_errf(e, 0, WHERE ": root.path is missing");
  s->root_path = root[0] == '/' ? root : path_join(bundle, root);
  if (opt_str(d, "hostname", "hostname", &s->hostname, e) < 0) return -1;
  if (opt_str(d, "domainname", "domainname", &s->domainname, e) < 0) return -1;
  if ((v = json_get(d, "process")) && v->type != JSON_NULL) {
    s->process = xcalloc(1, sizeof *s->process);
    if (spec_parse_process(v, "process", s->process, e) < 0) return -1;
  }
  if ((v = json_get(d, "mounts")) && v->type != JSON_NULL && parse_mounts(v, s, e) < 0) return -1;
  if ((v = json_get(d, "linux")) && v->type != JSON_NULL && parse_linux(v, s, e) < 0) return -1;
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
