/* linux.resources (config.json, update --resources) into struct cg_resources. */
#include <stdio.h>
#include <string.h>

#include "cgroup.h"

struct rctx {
  const char *where;
  struct rt_err *e;
};

static int bad(struct rctx *c, const char *key, const char *want) {
  return rt_errf(c->e, 0, "%s: %s: must be %s", c->where, key, want);
}

static int get_i64(struct rctx *c, const struct json *o, const char *key, const char *path, bool *has, int64_t *v) {
  const struct json *j = json_get(o, key);
  if (!j || j->type == JSON_NULL) return 0;
  if (json_to_i64(j, v) < 0) return bad(c, path, "an integer");
  *has = true;
  return 0;
}

static int get_u64(struct rctx *c, const struct json *o, const char *key, const char *path, bool *has, uint64_t *v) {
  const struct json *j = json_get(o, key);
  if (!j || j->type == JSON_NULL) return 0;
  if (json_to_u64(j, v) < 0) return bad(c, path, "a non-negative integer");
  *has = true;
  return 0;
}

static int get_str(struct rctx *c, const struct json *o, const char *key, const char *path, const char **v) {
  const struct json *j = json_get(o, key);
  if (!j || j->type == JSON_NULL) return 0;
  if (j->type != JSON_STRING) return bad(c, path, "a string");
  *v = j->s;
  return 0;
}

static int parse_memory(struct rctx *c, const struct json *m, struct cg_resources *r) {
  bool has;
  int64_t unused;
  if (get_i64(c, m, "limit", "memory.limit", &r->has_mem_limit, &r->mem_limit) < 0 ||
      get_i64(c, m, "reservation", "memory.reservation", &r->has_mem_reservation, &r->mem_reservation) < 0 ||
      get_i64(c, m, "swap", "memory.swap", &r->has_mem_swap, &r->mem_swap) < 0 ||
      get_u64(c, m, "swappiness", "memory.swappiness", &r->has_swappiness, &r->swappiness) < 0 ||
      get_i64(c, m, "kernel", "memory.kernel", &r->has_kernel, &r->kernel) < 0 ||
      get_i64(c, m, "kernelTCP", "memory.kernelTCP", &r->has_kernel_tcp, &r->kernel_tcp) < 0)
    return -1;
  const struct json *oom = json_get(m, "disableOOMKiller");
  if (oom && oom->type == JSON_BOOL) {
    r->has_oom_killer = true;
    r->disable_oom_killer = oom->b;
  }
  (void)has;
  (void)unused;
  return 0;
}

static int parse_cpu(struct rctx *c, const struct json *p, struct cg_resources *r) {
  return get_u64(c, p, "shares", "cpu.shares", &r->has_shares, &r->shares) < 0 ||
                 get_i64(c, p, "quota", "cpu.quota", &r->has_quota, &r->quota) < 0 ||
                 get_u64(c, p, "period", "cpu.period", &r->has_period, &r->period) < 0 ||
                 get_i64(c, p, "realtimeRuntime", "cpu.realtimeRuntime", &r->has_rt_runtime, &r->rt_runtime) < 0 ||
                 get_u64(c, p, "realtimePeriod", "cpu.realtimePeriod", &r->has_rt_period, &r->rt_period) < 0 ||
                 get_i64(c, p, "idle", "cpu.idle", &r->has_idle, &r->idle) < 0 ||
                 get_str(c, p, "cpus", "cpu.cpus", &r->cpus) < 0 || get_str(c, p, "mems", "cpu.mems", &r->mems) < 0
             ? -1
             : 0;
}

static int dev_numbers(struct rctx *c, const struct json *it, const char *path, int64_t *maj, int64_t *min) {
  bool h1 = false, h2 = false;
  if (get_i64(c, it, "major", path, &h1, maj) < 0 || get_i64(c, it, "minor", path, &h2, min) < 0) return -1;
  if (!h1 || !h2) return bad(c, path, "an object with major and minor");
  return 0;
}

static int parse_blkio(struct rctx *c, const struct json *b, struct cg_resources *r) {
  static const char *tkeys[4] = {"throttleReadBpsDevice", "throttleWriteBpsDevice", "throttleReadIOPSDevice",
                                 "throttleWriteIOPSDevice"};
  uint64_t w;
  bool has = false;
  if (get_u64(c, b, "weight", "blockIO.weight", &has, &w) < 0) return -1;
  if (has && w != 0) { /* 0 means unset, as Docker writes it */
    if (w < 10 || w > 1000) return bad(c, "blockIO.weight", "from 10 to 1000");
    r->has_blkio_weight = true;
    r->blkio_weight = (uint16_t)w;
  }
  has = false;
  if (get_u64(c, b, "leafWeight", "blockIO.leafWeight", &has, &w) < 0) return -1;
  if (has && w != 0) {
    r->has_blkio_leaf = true;
    r->blkio_leaf = (uint16_t)w;
  }
  const struct json *wd = json_get(b, "weightDevice");
  if (wd && wd->type == JSON_ARRAY) {
    r->weight_dev = xcalloc(wd->n, sizeof *r->weight_dev);
    for (size_t i = 0; i < wd->n; i++) {
      struct cg_weight_dev *d = &r->weight_dev[r->nweight_dev++];
      uint64_t v;
      if (dev_numbers(c, wd->items[i], "blockIO.weightDevice", &d->major, &d->minor) < 0) return -1;
      if (get_u64(c, wd->items[i], "weight", "blockIO.weightDevice.weight", &d->has_weight, &v) < 0) return -1;
      d->weight = (uint16_t)v;
      if (get_u64(c, wd->items[i], "leafWeight", "blockIO.weightDevice.leafWeight", &d->has_leaf, &v) < 0) return -1;
      d->leaf = (uint16_t)v;
    }
  }
  for (int k = 0; k < 4; k++) {
    const struct json *t = json_get(b, tkeys[k]);
    if (!t || t->type != JSON_ARRAY) continue;
    r->throttle[k] = xcalloc(t->n, sizeof *r->throttle[k]);
    for (size_t i = 0; i < t->n; i++) {
      struct cg_throttle *d = &r->throttle[k][r->nthrottle[k]++];
      bool hr = false;
      if (dev_numbers(c, t->items[i], tkeys[k], &d->major, &d->minor) < 0) return -1;
      if (get_u64(c, t->items[i], "rate", tkeys[k], &hr, &d->rate) < 0) return -1;
      if (!hr) return bad(c, tkeys[k], "a list of {major, minor, rate}");
    }
  }
  return 0;
}

static int parse_devices(struct rctx *c, const struct json *d, struct cg_resources *r) {
  if (d->type != JSON_ARRAY) return bad(c, "devices", "an array");
  r->devices = xcalloc(d->n, sizeof *r->devices);
  for (size_t i = 0; i < d->n; i++) {
    const struct json *it = d->items[i], *allow = json_get(it, "allow");
    struct cg_device_rule *rule = &r->devices[r->ndevices++];
    const char *type = NULL, *access = NULL;
    bool h = false;
    if (!allow || allow->type != JSON_BOOL) return bad(c, "devices", "a list of objects with a boolean allow");
    rule->allow = allow->b;
    if (get_str(c, it, "type", "devices.type", &type) < 0 || get_str(c, it, "access", "devices.access", &access) < 0)
      return -1;
    rule->type = type && *type ? type[0] : 'a';
    if (!strchr("acb", rule->type) || (type && strlen(type) > 1)) return bad(c, "devices.type", "a, c or b");
    rule->major = rule->minor = -1;
    if (get_i64(c, it, "major", "devices.major", &h, &rule->major) < 0 ||
        get_i64(c, it, "minor", "devices.minor", &h, &rule->minor) < 0)
      return -1;
    if (!access || !*access) access = "rwm";
    if (strlen(access) > 3 || strspn(access, "rwm") != strlen(access)) return bad(c, "devices.access", "made of r, w, m");
    snprintf(rule->access, sizeof rule->access, "%s", access);
  }
  return 0;
}

static int parse_kv_object(struct rctx *c, const struct json *o, const char *key, struct cg_kv **out, size_t *n) {
  if (o->type != JSON_OBJECT) return bad(c, key, "an object of strings");
  *out = xcalloc(o->n, sizeof **out);
  for (size_t i = 0; i < o->n; i++) {
    if (o->members[i].val->type != JSON_STRING) return bad(c, key, "an object of strings");
    (*out)[*n].key = o->members[i].key;
    (*out)[(*n)++].value = o->members[i].val->s;
  }
  return 0;
}

static int parse_rest(struct rctx *c, const struct json *res, struct cg_resources *r) {
  const struct json *v;
  if ((v = json_get(res, "hugepageLimits")) && v->type == JSON_ARRAY) {
    r->hugetlb = xcalloc(v->n, sizeof *r->hugetlb);
    for (size_t i = 0; i < v->n; i++) {
      struct cg_hugetlb *h = &r->hugetlb[r->nhugetlb++];
      bool has = false;
      if (get_str(c, v->items[i], "pageSize", "hugepageLimits.pageSize", &h->pagesize) < 0 ||
          get_u64(c, v->items[i], "limit", "hugepageLimits.limit", &has, &h->limit) < 0)
        return -1;
      if (!h->pagesize || !has || strchr(h->pagesize, '/'))
        return bad(c, "hugepageLimits", "a list of {pageSize, limit}");
    }
  }
  if ((v = json_get(res, "network")) && v->type == JSON_OBJECT) {
    uint64_t id;
    if (get_u64(c, v, "classID", "network.classID", &r->has_classid, &id) < 0) return -1;
    r->classid = (uint32_t)id;
    const struct json *p = json_get(v, "priorities");
    if (p && p->type == JSON_ARRAY) {
      r->prio = xcalloc(p->n, sizeof *r->prio);
      for (size_t i = 0; i < p->n; i++) {
        const char *name = NULL;
        bool has = false;
        uint64_t prio;
        if (get_str(c, p->items[i], "name", "network.priorities.name", &name) < 0 ||
            get_u64(c, p->items[i], "priority", "network.priorities.priority", &has, &prio) < 0)
          return -1;
        r->prio[r->nprio].key = name ? name : "";
        r->prio[r->nprio++].value = xasprintf("%llu", (unsigned long long)prio);
      }
    }
  }
  if ((v = json_get(res, "unified")) && v->type != JSON_NULL) {
    if (parse_kv_object(c, v, "unified", &r->unified, &r->nunified) < 0) return -1;
    for (size_t i = 0; i < r->nunified; i++)
      if (strchr(r->unified[i].key, '/') || r->unified[i].key[0] == '.')
        return rt_errf(c->e, 0, "%s: unified: \"%s\" is not a cgroup file name", c->where, r->unified[i].key);
  }
  return 0;
}

int cg_resources_parse(const struct json *res, const char *where, struct cg_resources *r, struct rt_err *e) {
  struct rctx c = {where, e};
  const struct json *v;
  memset(r, 0, sizeof *r);
  if (!res || res->type == JSON_NULL) return 0;
  if (res->type != JSON_OBJECT) return bad(&c, "(resources)", "an object");
  if ((v = json_get(res, "memory")) && v->type == JSON_OBJECT && parse_memory(&c, v, r) < 0) return -1;
  if ((v = json_get(res, "cpu")) && v->type == JSON_OBJECT && parse_cpu(&c, v, r) < 0) return -1;
  if ((v = json_get(res, "pids")) && v->type == JSON_OBJECT) {
    if (get_i64(&c, v, "limit", "pids.limit", &r->has_pids, &r->pids) < 0) return -1;
  }
  if ((v = json_get(res, "blockIO")) && v->type == JSON_OBJECT && parse_blkio(&c, v, r) < 0) return -1;
  if ((v = json_get(res, "devices")) && v->type != JSON_NULL && parse_devices(&c, v, r) < 0) return -1;
  return parse_rest(&c, res, r);
}
