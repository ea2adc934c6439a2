/* Resource limits on the unified (v2) hierarchy, also used for the
 * controllers a hybrid host has on its v2 mount (hugetlb on this machine). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "log.h"

static const char *const wanted[] = {"cpuset", "cpu", "io", "memory", "hugetlb", "pids", "misc"};

static bool word_in(const char *list, const char *word) {
  size_t n = strlen(word);
  for (const char *p = list; (p = strstr(p, word)); p += n)
    if ((p == list || p[-1] == ' ' || p[-1] == '\n') && (p[n] == '\0' || p[n] == ' ' || p[n] == '\n')) return true;
  return false;
}

static char *read_small(const char *dir, const char *file) {
  char *p = path_join(dir, file), *buf = NULL;
  struct rt_err ign = {0};
  if (read_file(p, &buf, NULL, &ign) < 0) buf = NULL;
  free(p);
  return buf;
}

/* Controllers reach a cgroup only through every ancestor's subtree_control.
 * One write per ancestor: the kernel checks the whole list before applying it. */
int cgroup_v2_enable_controllers(const char *root, const char *dir, struct rt_err *e) {
  char *path = xstrdup(dir);
  size_t rootlen = strlen(root);
  for (char *s = path + rootlen; s && *s; s = strchr(s + 1, '/')) {
    char c = *s;
    *s = '\0';
    const char *anc = path[0] ? path : "/";
    char *avail = read_small(anc, "cgroup.controllers"), *on = read_small(anc, "cgroup.subtree_control");
    struct sbuf want = {0};
    for (size_t i = 0; avail && on && i < sizeof wanted / sizeof *wanted; i++)
      if (word_in(avail, wanted[i]) && !word_in(on, wanted[i])) sbuf_printf(&want, "%s+%s", want.len ? " " : "", wanted[i]);
    struct rt_err we = {0};
    if (want.len && cg_write(anc, "cgroup.subtree_control", want.p, NULL, &we) < 0)
      log_warn("cgroup v2: cannot enable %s in %s (%s)", want.p, anc,
               we.errnum == EBUSY ? "it holds processes itself: cgroup v2's no-internal-process rule" : we.msg);
    free(want.p);
    free(avail);
    free(on);
    *s = c;
  }
  free(path);
  (void)e;
  return 0;
}

/* The log-quadratic fit runc and crun use since 2025: 2 -> 1, 1024 -> 100
 * (v2's default, as 1024 is v1's), 262144 -> 10000. */
uint64_t cgroup_shares_to_weight(uint64_t shares) {
  if (shares == 0) return 0;
  if (shares <= 2) return 1;
  if (shares >= 262144) return 10000;
  double l = log2((double)shares);
  double exponent = (l * l + 125 * l) / 612.0 - 7.0 / 34.0;
  uint64_t w = (uint64_t)ceil(pow(10, exponent));
  return w < 1 ? 1 : w > 10000 ? 10000 : w;
}

struct v2 {
  const char *dir;
  char *controllers;
  struct rt_err *e;
};

static bool have(struct v2 *c, const char *ctl, const char *what) {
  if (c->controllers && word_in(c->controllers, ctl)) return true;
  log_warn("%s: the cgroup v2 %s controller is not available in %s; not applied", what, ctl, c->dir);
  return false;
}

static int put(struct v2 *c, const char *file, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int put(struct v2 *c, const char *file, const char *what, const char *fmt, ...) {
  char val[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(val, sizeof val, fmt, ap);
  va_end(ap);
  return cg_write(c->dir, file, val, what, c->e);
}

static int v2_memory(struct v2 *c, const struct cg_resources *r) {
  bool any = (r->has_mem_limit && r->mem_limit) || (r->has_mem_reservation && r->mem_reservation) ||
             (r->has_mem_swap && r->mem_swap);
  if (!any || !have(c, "memory", "memory limits")) return 0;
  if (r->has_mem_limit && r->mem_limit) {
    if ((r->mem_limit < 0 ? put(c, "memory.max", "memory.limit", "max")
                          : put(c, "memory.max", "memory.limit", "%lld", (long long)r->mem_limit)) < 0)
      return -1;
  }
  if (r->has_mem_reservation && r->mem_reservation &&
      put(c, "memory.low", "memory.reservation", "%lld", (long long)r->mem_reservation) < 0)
    return -1;
  if (r->has_mem_swap && r->mem_swap) {
    /* v1's swap is memory+swap; v2 limits swap alone. */
    int64_t limit = r->has_mem_limit ? r->mem_limit : 0;
    if (r->mem_swap == -1 || limit == -1) return put(c, "memory.swap.max", "memory.swap", "max");
    if (limit == 0) return rt_errf(c->e, 0, "memory.swap: a swap limit needs a memory limit on cgroup v2");
    if (r->mem_swap < limit) return rt_errf(c->e, 0, "memory.swap: must be at least memory.limit (memory+swap)");
    if (put(c, "memory.swap.max", "memory.swap", "%lld", (long long)(r->mem_swap - limit)) < 0) return -1;
  }
  return 0;
}

static int v2_memory_extra(struct v2 *c, const struct cg_resources *r) {
  if (r->has_swappiness && r->swappiness <= 100)
    log_warn("memory.swappiness: cgroup v2 has no per-cgroup swappiness; not applied");
  if (r->has_kernel && r->kernel) log_warn("memory.kernel: cgroup v2 has no kernel memory limit; not applied");
  if (r->has_kernel_tcp && r->kernel_tcp) log_warn("memory.kernelTCP: cgroup v2 has no kernel TCP limit; not applied");
  if (r->has_oom_killer && r->disable_oom_killer)
    log_warn("memory.disableOOMKiller: cgroup v2 cannot disable the OOM killer; not applied");
  return 0;
}

static int v2_cpu(struct v2 *c, const struct cg_resources *r) {
  bool any = (r->has_shares && r->shares) || (r->has_quota && r->quota) || (r->has_period && r->period) ||
             r->has_idle;
  if (any && have(c, "cpu", "cpu limits")) {
    if (r->has_shares && r->shares &&
        put(c, "cpu.weight", "cpu.shares", "%llu", (unsigned long long)cgroup_shares_to_weight(r->shares)) < 0)
      return -1;
    if ((r->has_quota && r->quota) || (r->has_period && r->period)) {
      char *cur = read_small(c->dir, "cpu.max");
      unsigned long long period = 100000;
      char quota[32] = "max";
      if (cur) {
        sscanf(cur, "%31s %llu", quota, &period);
        free(cur);
      }
      if (r->has_period && r->period) period = r->period;
      if (r->has_quota && r->quota) {
        if (r->quota > 0) snprintf(quota, sizeof quota, "%lld", (long long)r->quota);
        else snprintf(quota, sizeof quota, "max");
      }
      if (put(c, "cpu.max", "cpu.quota", "%s %llu", quota, period) < 0) return -1;
    }
    if (r->has_idle && put(c, "cpu.idle", "cpu.idle", "%lld", (long long)r->idle) < 0) return -1;
  }
  if ((r->has_rt_runtime && r->rt_runtime) || (r->has_rt_period && r->rt_period))
    log_warn("cpu.realtimeRuntime/realtimePeriod: cgroup v2 has no realtime cpu limits; not applied");
  return 0;
}

static int v2_cpuset(struct v2 *c, const struct cg_resources *r) {
  bool any = (r->cpus && *r->cpus) || (r->mems && *r->mems);
  if (!any || !have(c, "cpuset", "cpu.cpus/mems")) return 0;
  if (r->cpus && *r->cpus && put(c, "cpuset.cpus", "cpu.cpus", "%s", r->cpus) < 0) return -1;
  if (r->mems && *r->mems && put(c, "cpuset.mems", "cpu.mems", "%s", r->mems) < 0) return -1;
  return 0;
}

static uint64_t io_weight(uint16_t blkio) { return 1 + ((uint64_t)blkio - 10) * 9999 / 990; }

static int v2_io(struct v2 *c, const struct cg_resources *r) {
  static const char *keys[4] = {"rbps", "wbps", "riops", "wiops"};
  bool any = r->has_blkio_weight || r->nweight_dev;
  for (int k = 0; k < 4; k++) any = any || r->nthrottle[k];
  if (!any || !have(c, "io", "blockIO")) return 0;
  /* BFQ takes blkio's 1..1000 scale as is; io.weight has its own. */
  bool bfq = cg_has(c->dir, "io.bfq.weight");
  if (r->has_blkio_weight) {
    if ((bfq ? put(c, "io.bfq.weight", NULL, "%u", r->blkio_weight)
             : put(c, "io.weight", "blockIO.weight", "default %llu", (unsigned long long)io_weight(r->blkio_weight))) < 0)
      return -1;
  }
  if (r->has_blkio_leaf) log_warn("blockIO.leafWeight: cgroup v2 has no leaf weight; not applied");
  for (size_t i = 0; i < r->nweight_dev; i++) {
    const struct cg_weight_dev *d = &r->weight_dev[i];
    if (!d->has_weight) continue;
    if ((bfq ? put(c, "io.bfq.weight", NULL, "%lld:%lld %u", (long long)d->major, (long long)d->minor, d->weight)
             : put(c, "io.weight", "blockIO.weightDevice", "%lld:%lld %llu", (long long)d->major, (long long)d->minor,
                   (unsigned long long)io_weight(d->weight))) < 0)
      return -1;
  }
  for (int k = 0; k < 4; k++)
    for (size_t i = 0; i < r->nthrottle[k]; i++) {
      const struct cg_throttle *t = &r->throttle[k][i];
      if (put(c, "io.max", "blockIO throttling", "%lld:%lld %s=%llu", (long long)t->major, (long long)t->minor,
              keys[k], (unsigned long long)t->rate) < 0)
        return -1;
    }
  return 0;
}

static int v2_rest(struct v2 *c, const struct cg_resources *r, unsigned mask) {
  if ((mask & CGC_PIDS) && r->has_pids && r->pids != 0 && have(c, "pids", "pids.limit")) {
    if ((r->pids < 0 ? put(c, "pids.max", "pids.limit", "max")
                     : put(c, "pids.max", "pids.limit", "%lld", (long long)r->pids)) < 0)
      return -1;
  }
  if ((mask & CGC_HUGETLB) && r->nhugetlb && have(c, "hugetlb", "hugepageLimits")) {
    for (size_t i = 0; i < r->nhugetlb; i++) {
      char file[96];
      snprintf(file, sizeof file, "hugetlb.%s.max", r->hugetlb[i].pagesize);
      if (put(c, file, "hugepageLimits", "%llu", (unsigned long long)r->hugetlb[i].limit) < 0) return -1;
    }
  }
  if ((mask & CGC_DEVICES) && r->ndevices && cgroup_v2_devices(c->dir, r->devices, r->ndevices, c->e) < 0) return -1;
  for (size_t i = 0; (mask & CGC_UNIFIED) && i < r->nunified; i++) {
    char *p = path_join(c->dir, r->unified[i].key);
    int rc = write_str(p, r->unified[i].value, c->e);
    free(p);
    if (rc < 0) return rt_err_wrap(c->e, "linux.resources.unified.%s", r->unified[i].key);
  }
  return 0;
}

int cgroup_v2_apply(const char *dir, const struct cg_resources *r, unsigned mask, struct rt_err *e) {
  if (!dir) return 0;
  struct v2 c = {dir, read_small(dir, "cgroup.controllers"), e};
  int rc = 0;
  if (((mask & CGC_MEMORY) && (v2_memory(&c, r) < 0 || v2_memory_extra(&c, r) < 0)) ||
      ((mask & CGC_CPU) && v2_cpu(&c, r) < 0) || ((mask & CGC_CPUSET) && v2_cpuset(&c, r) < 0) ||
      ((mask & CGC_IO) && v2_io(&c, r) < 0) || v2_rest(&c, r, mask) < 0)
    rc = rt_err_wrap(e, "apply cgroup v2 limits");
  free(c.controllers);
  return rc;
}
