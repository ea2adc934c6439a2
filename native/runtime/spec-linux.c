/* config.json's mounts and linux section: namespaces, id mappings,
 * devices, masked and read-only paths, sysctls, propagation, resources. */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "mount-opts.h"
#include "spec-parse.h"
#include "util.h"

int spec_parse_mounts(const struct json *m, struct spec *s, struct rt_err *e) {
  if (m->type != JSON_ARRAY) return spec_type_err(e, "mounts", "an array", m);
  s->mounts = xcalloc(m->n, sizeof *s->mounts);
  for (size_t i = 0; i < m->n; i++) {
    const struct json *it = m->items[i];
    struct spec_mount *mt = &s->mounts[s->nmounts++];
    char path[64], **opts;
    size_t nopts;
    snprintf(path, sizeof path, "mounts.%zu", i);
    if (it->type != JSON_OBJECT) return spec_type_err(e, path, "an object", it);
    if (spec_opt_str(it, "destination", path, &mt->dest, e) < 0 || spec_opt_str(it, "type", path, &mt->type, e) < 0 ||
        spec_opt_str(it, "source", path, &mt->source, e) < 0)
      return -1;
    if (!mt->dest || mt->dest[0] != '/')
      return rt_errf(e, 0, WHERE ": %s.destination: must be an absolute path", path);
    if (spec_str_array(json_get(it, "options"), path, &opts, &nopts, e) < 0) return -1;
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
  if (n->type != JSON_ARRAY) return spec_type_err(e, "linux.namespaces", "an array", n);
  s->ns = xcalloc(n->n, sizeof *s->ns);
  for (size_t i = 0; i < n->n; i++) {
    const char *type = NULL, *path = NULL;
    char where[64];
    snprintf(where, sizeof where, "linux.namespaces.%zu", i);
    if (n->items[i]->type != JSON_OBJECT) return spec_type_err(e, where, "an object", n->items[i]);
    if (spec_opt_str(n->items[i], "type", where, &type, e) < 0 || spec_opt_str(n->items[i], "path", where, &path, e) < 0)
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
  if (m->type != JSON_ARRAY) return spec_type_err(e, where, "an array", m);
  *out = xcalloc(m->n, sizeof **out);
  for (size_t i = 0; i < m->n; i++) {
    const struct json *it = m->items[i];
    struct spec_idmap *id = &(*out)[(*n)++];
    const struct json *c = json_get(it, "containerID"), *h = json_get(it, "hostID"), *sz = json_get(it, "size");
    if (!c || !h || !sz) return rt_errf(e, 0, WHERE ": %s.%zu: needs containerID, hostID and size", where, i);
    if (spec_to_u32(c, where, &id->container, e) < 0 || spec_to_u32(h, where, &id->host, e) < 0 ||
        spec_to_u32(sz, where, &id->size, e) < 0)
      return -1;
  }
  return 0;
}

static int parse_devices(const struct json *d, struct spec *s, struct rt_err *e) {
  if (d->type != JSON_ARRAY) return spec_type_err(e, "linux.devices", "an array", d);
  s->devices = xcalloc(d->n, sizeof *s->devices);
  for (size_t i = 0; i < d->n; i++) {
    const struct json *it = d->items[i], *v;
    struct spec_device *dev = &s->devices[s->ndevices++];
    const char *type = NULL;
    char where[64];
    snprintf(where, sizeof where, "linux.devices.%zu", i);
    if (spec_opt_str(it, "path", where, &dev->path, e) < 0 || spec_opt_str(it, "type", where, &type, e) < 0) return -1;
    if (!dev->path || dev->path[0] != '/') return rt_errf(e, 0, WHERE ": %s.path: must be an absolute path", where);
    if (!type || strlen(type) != 1 || !strchr("cbup", type[0]))
      return rt_errf(e, 0, WHERE ": %s.type: must be one of c, b, u, p", where);
    dev->type = type[0];
    if (dev->type != 'p' && (json_to_i64(json_get(it, "major"), &dev->major) < 0 ||
                             json_to_i64(json_get(it, "minor"), &dev->minor) < 0))
      return rt_errf(e, 0, WHERE ": %s: a %c device needs integer major and minor", where, dev->type);
    uint32_t n;
    if ((v = json_get(it, "fileMode")) && v->type != JSON_NULL) {
      if (spec_to_u32(v, where, &n, e) < 0) return -1;
      dev->has_mode = true;
      dev->mode = (mode_t)(n & 07777);
    }
    if ((v = json_get(it, "uid")) && v->type != JSON_NULL) {
      if (spec_to_u32(v, where, &dev->uid, e) < 0) return -1;
      dev->has_uid = true;
    }
    if ((v = json_get(it, "gid")) && v->type != JSON_NULL) {
      if (spec_to_u32(v, where, &dev->gid, e) < 0) return -1;
      dev->has_gid = true;
    }
  }
  return 0;
}

static int parse_sysctls(const struct json *o, struct spec *s, struct rt_err *e) {
  if (o->type != JSON_OBJECT) return spec_type_err(e, "linux.sysctl", "an object", o);
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

int spec_parse_linux(const struct json *l, struct spec *s, struct rt_err *e) {
  const struct json *v;
  const char *prop = NULL;
  size_t n;
  if (l->type != JSON_OBJECT) return spec_type_err(e, "linux", "an object", l);
  if ((v = json_get(l, "namespaces")) && v->type != JSON_NULL && parse_namespaces(v, s, e) < 0) return -1;
  if (parse_idmaps(json_get(l, "uidMappings"), "linux.uidMappings", &s->uidmap, &s->nuidmap, e) < 0 ||
      parse_idmaps(json_get(l, "gidMappings"), "linux.gidMappings", &s->gidmap, &s->ngidmap, e) < 0)
    return -1;
  if ((v = json_get(l, "devices")) && v->type != JSON_NULL && parse_devices(v, s, e) < 0) return -1;
  if (spec_str_array(json_get(l, "maskedPaths"), "linux.maskedPaths", (char ***)&s->masked, &s->nmasked, e) < 0 ||
      spec_str_array(json_get(l, "readonlyPaths"), "linux.readonlyPaths", (char ***)&s->readonly, &s->nreadonly, e) < 0)
    return -1;
  if ((v = json_get(l, "sysctl")) && v->type != JSON_NULL && parse_sysctls(v, s, e) < 0) return -1;
  if (spec_opt_str(l, "rootfsPropagation", "linux.rootfsPropagation", &prop, e) < 0) return -1;
  if (prop && *prop && parse_propagation(prop, &s->rootfs_propagation, e) < 0) return -1;
  if (spec_opt_str(l, "cgroupsPath", "linux.cgroupsPath", &s->cgroups_path, e) < 0) return -1;
  s->resources = json_get(l, "resources");
  s->seccomp = json_get(l, "seccomp");
  if (s->seccomp && s->seccomp->type == JSON_NULL) s->seccomp = NULL;
  if ((v = json_get(l, "personality")) && v->type == JSON_OBJECT) {
    const char *domain = NULL;
    if (spec_opt_str(v, "domain", "linux.personality.domain", &domain, e) < 0) return -1;
    s->has_personality = true;
    if (domain && strcmp(domain, "LINUX32") == 0) s->personality = 0x0008;
    else if (!domain || strcmp(domain, "LINUX") == 0) s->personality = 0;
    else return rt_errf(e, 0, WHERE ": linux.personality.domain: unknown domain \"%s\"", domain);
  }
  (void)n;
  return 0;
}

