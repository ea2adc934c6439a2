/* Resource limits on cgroup v1 controllers (one hierarchy per controller). */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "log.h"

/* In hybrid mode a controller missing from v1 may live on the v2 mount, and
 * cgroup-v2.c reports it if it is not there either. */
static bool v1_warn;
#define WARN_MISSING(...) \
  do {                    \
    if (v1_warn) log_warn(__VA_ARGS__); \
  } while (0)

/* What runc allows besides the config's rules, so the same images work:
 * mknod of anything (opening is still checked), the standard nodes, ptys, tun. */
const struct cg_device_rule cg_default_devices[] = {
    {true, 'c', -1, -1, "m"},   {true, 'b', -1, -1, "m"}, {true, 'c', 10, 200, "rwm"},
    {true, 'c', 1, 3, "rwm"},   {true, 'c', 1, 5, "rwm"}, {true, 'c', 1, 7, "rwm"}, {true, 'c', 1, 8, "rwm"},
    {true, 'c', 1, 9, "rwm"},   {true, 'c', 5, 0, "rwm"}, {true, 'c', 5, 1, "rwm"}, {true, 'c', 5, 2, "rwm"},
    {true, 'c', 136, -1, "rwm"},
};
const size_t cg_ndefault_devices = sizeof cg_default_devices / sizeof *cg_default_devices;

static const char *num(char *buf, size_t n, int64_t v) {
  snprintf(buf, n, "%lld", (long long)v);
  return buf;
}

static int64_t read_i64(const char *dir, const char *file) {
  char *p = path_join(dir, file), *buf;
  struct rt_err ign = {0};
  int64_t v = 0;
  if (read_file(p, &buf, NULL, &ign) == 0) {
    v = strtoll(buf, NULL, 10);
    free(buf);
  }
  free(p);
  return v;
}

static int v1_memory(const char *dir, const struct cg_resources *r, struct rt_err *e) {
  char b[32];
  if (!dir) {
    if (r->has_mem_limit || r->has_mem_reservation || r->has_mem_swap)
      WARN_MISSING("memory limits: the memory cgroup is not mounted; not applied");
    return 0;
  }
  bool swap = r->has_mem_swap && r->mem_swap != 0;
  if (swap && !cg_has(dir, "memory.memsw.limit_in_bytes")) {
    log_warn("memory.swap: the kernel has no swap accounting (memory.memsw.limit_in_bytes); not applied");
    swap = false;
  }
  /* memsw must stay >= limit at every step: raise it first, lower it last. */
  bool swap_first = swap && (r->mem_swap == -1 || r->mem_swap > read_i64(dir, "memory.memsw.limit_in_bytes"));
  if (swap_first && cg_write(dir, "memory.memsw.limit_in_bytes", num(b, sizeof b, r->mem_swap), NULL, e) < 0) return -1;
  if (r->has_mem_limit && r->mem_limit != 0 &&
      cg_write(dir, "memory.limit_in_bytes", num(b, sizeof b, r->mem_limit), "memory.limit", e) < 0)
    return -1;
  if (swap && !swap_first && cg_write(dir, "memory.memsw.limit_in_bytes", num(b, sizeof b, r->mem_swap), NULL, e) < 0)
    return -1;
  if (r->has_mem_reservation && r->mem_reservation != 0 &&
      cg_write(dir, "memory.soft_limit_in_bytes", num(b, sizeof b, r->mem_reservation), "memory.reservation", e) < 0)
    return -1;
  if (r->has_swappiness && r->swappiness <= 100 &&
      cg_write(dir, "memory.swappiness", num(b, sizeof b, (int64_t)r->swappiness), "memory.swappiness", e) < 0)
    return -1;
  if (r->has_kernel && r->kernel != 0)
    log_warn("memory.kernel: kernel memory limits are not supported by this kernel (removed in Linux 5.16); not applied");
  if (r->has_kernel_tcp && r->kernel_tcp != 0 &&
      cg_write(dir, "memory.kmem.tcp.limit_in_bytes", num(b, sizeof b, r->kernel_tcp), "memory.kernelTCP", e) < 0)
    return -1;
  if (r->has_oom_killer && r->disable_oom_killer &&
      cg_write(dir, "memory.oom_control", "1", "memory.disableOOMKiller", e) < 0)
    return -1;
  return 0;
}

static int v1_cpu(struct cgroup *cg, const struct cg_resources *r, struct rt_err *e) {
  const char *dir = cgroup_dir_for(cg, "cpu");
  char b[32];
  bool any = r->has_shares || r->has_quota || r->has_period || r->has_rt_period || r->has_rt_runtime;
  if (!dir) {
    if (any) WARN_MISSING("cpu limits: the cpu cgroup is not mounted; not applied");
  } else {
    if (r->has_shares && r->shares &&
        cg_write(dir, "cpu.shares", num(b, sizeof b, (int64_t)r->shares), "cpu.shares", e) < 0)
      return -1;
    if (r->has_period && r->period &&
        cg_write(dir, "cpu.cfs_period_us", num(b, sizeof b, (int64_t)r->period), "cpu.period", e) < 0)
      return -1;
    if (r->has_quota && r->quota && cg_write(dir, "cpu.cfs_quota_us", num(b, sizeof b, r->quota), "cpu.quota", e) < 0)
      return -1;
    if (r->has_rt_period && r->rt_period &&
        cg_write(dir, "cpu.rt_period_us", num(b, sizeof b, (int64_t)r->rt_period), "cpu.realtimePeriod", e) < 0)
      return -1;
    if (r->has_rt_runtime && r->rt_runtime &&
        cg_write(dir, "cpu.rt_runtime_us", num(b, sizeof b, r->rt_runtime), "cpu.realtimeRuntime", e) < 0)
      return -1;
    if (r->has_idle && cg_write(dir, "cpu.idle", num(b, sizeof b, r->idle), "cpu.idle", e) < 0) return -1;
  }
  dir = cgroup_dir_for(cg, "cpuset");
  if ((r->cpus && *r->cpus) || (r->mems && *r->mems)) {
    if (!dir) {
      WARN_MISSING("cpu.cpus/mems: the cpuset cgroup is not mounted; not applied");
      return 0;
    }
    if (r->cpus && *r->cpus && cg_write(dir, "cpuset.cpus", r->cpus, "cpu.cpus", e) < 0) return -1;
    if (r->mems && *r->mems && cg_write(dir, "cpuset.mems", r->mems, "cpu.mems", e) < 0) return -1;
  }
  return 0;
}

static int v1_blkio(const char *dir, const struct cg_resources *r, struct rt_err *e) {
  static const char *tfiles[4] = {"blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
                                  "blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device"};
  char b[96];
  bool any = r->has_blkio_weight || r->has_blkio_leaf || r->nweight_dev;
  for (int k = 0; k < 4; k++) any = any || r->nthrottle[k];
  if (!dir) {
    if (any) WARN_MISSING("blockIO: the blkio cgroup is not mounted; not applied");
    return 0;
  }
  /* Without CFQ (gone since Linux 5.0) the weight lives in BFQ's file. */
  const char *wfile = cg_has(dir, "blkio.weight") ? "blkio.weight" : "blkio.bfq.weight";
  const char *wdfile = cg_has(dir, "blkio.weight_device") ? "blkio.weight_device" : "blkio.bfq.weight_device";
  if (r->has_blkio_weight && cg_write(dir, wfile, num(b, sizeof b, r->blkio_weight), "blockIO.weight", e) < 0)
    return -1;
  if (r->has_blkio_leaf && cg_write(dir, "blkio.leaf_weight", num(b, sizeof b, r->blkio_leaf), "blockIO.leafWeight", e) < 0)
    return -1;
  for (size_t i = 0; i < r->nweight_dev; i++) {
    const struct cg_weight_dev *d = &r->weight_dev[i];
    if (d->has_weight) {
      snprintf(b, sizeof b, "%lld:%lld %u", (long long)d->major, (long long)d->minor, d->weight);
      if (cg_write(dir, wdfile, b, "blockIO.weightDevice", e) < 0) return -1;
    }
    if (d->has_leaf) log_warn("blockIO.weightDevice.leafWeight: not supported by this kernel; not applied");
  }
  for (int k = 0; k < 4; k++)
    for (size_t i = 0; i < r->nthrottle[k]; i++) {
      const struct cg_throttle *t = &r->throttle[k][i];
      snprintf(b, sizeof b, "%lld:%lld %llu", (long long)t->major, (long long)t->minor, (unsigned long long)t->rate);
      if (cg_write(dir, tfiles[k], b, "blockIO throttling", e) < 0) return -1;
    }
  return 0;
}

static void rule_text(const struct cg_device_rule *d, char *b, size_t n) {
  char maj[24] = "*", min[24] = "*";
  if (d->major >= 0) snprintf(maj, sizeof maj, "%lld", (long long)d->major);
  if (d->minor >= 0) snprintf(min, sizeof min, "%lld", (long long)d->minor);
  if (d->type == 'a') snprintf(b, n, "a");
  else snprintf(b, n, "%c %s:%s %s", d->type, maj, min, d->access);

}

static int v1_devices(const char *dir, const struct cg_resources *r, struct rt_err *e) {
  char b[96];
  if (!r->ndevices) return 0;
  if (!dir) {
    WARN_MISSING("devices: the devices cgroup is not mounted; device rules are not applied");
    return 0;
  }
  /* One rule per write(2); the two files stay open across the rules. */
  char *allow_path = path_join(dir, "devices.allow"), *deny_path = path_join(dir, "devices.deny");
  int fds[2] = {open(deny_path, O_WRONLY | O_CLOEXEC), open(allow_path, O_WRONLY | O_CLOEXEC)};
  int rc = 0;
  if (fds[0] < 0 || fds[1] < 0) rc = rt_errf(e, errno, "open %s", fds[0] < 0 ? deny_path : allow_path);
  for (size_t i = 0; rc == 0 && i < r->ndevices + cg_ndefault_devices; i++) {
    const struct cg_device_rule *d = i < r->ndevices ? &r->devices[i] : &cg_default_devices[i - r->ndevices];
    rule_text(d, b, sizeof b);
    if (write(fds[d->allow], b, strlen(b)) < 0) rc = rt_errf(e, errno, "write \"%s\" to %s", b, d->allow ? allow_path : deny_path);
  }
  for (int i = 0; i < 2; i++)
    if (fds[i] >= 0) close(fds[i]);
  free(allow_path);
  free(deny_path);
  return rc;
}

static int v1_rest(struct cgroup *cg, const struct cg_resources *r, struct rt_err *e) {
  char b[128];
  const char *dir = cgroup_dir_for(cg, "pids");
  if (r->has_pids && r->pids != 0) {
    if (!dir) WARN_MISSING("pids.limit: the pids cgroup is not mounted; not applied");
    else if (cg_write(dir, "pids.max", r->pids < 0 ? "max" : num(b, sizeof b, r->pids), "pids.limit", e) < 0)
      return -1;
  }
  dir = cgroup_dir_for(cg, "hugetlb");
  for (size_t i = 0; i < r->nhugetlb; i++) {
    char file[96];
    snprintf(file, sizeof file, "hugetlb.%s.limit_in_bytes", r->hugetlb[i].pagesize);
    if (!dir) WARN_MISSING("hugepageLimits: the hugetlb cgroup is not mounted; not applied");
    else if (cg_write(dir, file, num(b, sizeof b, (int64_t)r->hugetlb[i].limit), "hugepageLimits", e) < 0)
      return -1;
  }
  dir = cgroup_dir_for(cg, "net_cls");
  if (r->has_classid) {
    if (!dir) log_warn("network.classID: the net_cls cgroup is not mounted; not applied");
    else if (cg_write(dir, "net_cls.classid", num(b, sizeof b, r->classid), "network.classID", e) < 0) return -1;
  }
  dir = cgroup_dir_for(cg, "net_prio");
  for (size_t i = 0; i < r->nprio; i++) {
    snprintf(b, sizeof b, "%s %s", r->prio[i].key, r->prio[i].value);
    if (!dir) log_warn("network.priorities: the net_prio cgroup is not mounted; not applied");
    else if (cg_write(dir, "net_prio.ifpriomap", b, "network.priorities", e) < 0) return -1;
  }
  if (r->nunified && cg->mode == CG_V1)
    return rt_errf(e, 0, "linux.resources.unified needs cgroup v2; this host has cgroup v1 only");
  return 0;
}

int cgroup_v1_apply(struct cgroup *cg, const struct cg_resources *r, struct rt_err *e) {
  v1_warn = cg->mode == CG_V1;
  if (v1_memory(cgroup_dir_for(cg, "memory"), r, e) < 0 || v1_cpu(cg, r, e) < 0 ||
      v1_blkio(cgroup_dir_for(cg, "blkio"), r, e) < 0 || v1_devices(cgroup_dir_for(cg, "devices"), r, e) < 0 ||
      v1_rest(cg, r, e) < 0)
    return rt_err_wrap(e, "apply cgroup v1 limits");
  return 0;
}
