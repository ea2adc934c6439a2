/* cgroups v1, hybrid (v1 plus a cgroup2 mount at unified/) and v2, behind one
 * manager. The root defaults to /sys/fs/cgroup and can be moved with the
 * environment variable TSCOMPOSE_CGROUP_ROOT (the unit tests point it at a
 * fake cgroupfs in a temp dir). The mode is told by the files there:
 * <root>/cgroup.controllers means v2, <root>/unified/cgroup.controllers
 * hybrid, anything else v1. Limits the kernel lacks are warnings. */
#ifndef RT_CGROUP_H
#define RT_CGROUP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "json.h"
#include "util.h"

enum cg_mode { CG_V1, CG_HYBRID, CG_V2 };

#define CG_MAX_DIRS 24

struct cg_dir {
  char *hier; /* v1 hierarchy directory name ("memory", "cpu,cpuacct", "systemd"), or "unified" */
  char *path; /* absolute path of the container's cgroup in it */
};

struct cgroup {
  enum cg_mode mode;
  char *root;
  char *rel; /* the cgroups path as configured, joined under each hierarchy */
  /* How many trailing components of rel belong to the container (and are
   * removed on delete if empty): all of an absolute path's, as everything
   * below the hierarchy root was made for containers. */
  int own_depth;
  size_t n;
  struct cg_dir dirs[CG_MAX_DIRS];
};

struct cg_throttle {
  int64_t major, minor;
  uint64_t rate;
};

struct cg_weight_dev {
  int64_t major, minor;
  bool has_weight, has_leaf;
  uint16_t weight, leaf;
};

struct cg_device_rule {
  bool allow;
  char type; /* a, c, b */
  int64_t major, minor; /* -1 = any */
  char access[4];
};

struct cg_hugetlb {
  const char *pagesize;
  uint64_t limit;
};

struct cg_kv {
  const char *key, *value;
};

struct cg_resources {
  bool has_mem_limit, has_mem_reservation, has_mem_swap, has_swappiness, has_kernel, has_kernel_tcp,
      disable_oom_killer, has_oom_killer;
  int64_t mem_limit, mem_reservation, mem_swap, kernel, kernel_tcp;
  uint64_t swappiness;
  bool has_shares, has_quota, has_period, has_rt_runtime, has_rt_period, has_idle;
  uint64_t shares, period, rt_period;
  int64_t quota, rt_runtime, idle;
  const char *cpus, *mems;
  bool has_pids;
  int64_t pids;
  bool has_blkio_weight, has_blkio_leaf;
  uint16_t blkio_weight, blkio_leaf;
  struct cg_weight_dev *weight_dev;
  size_t nweight_dev;
  struct cg_throttle *throttle[4]; /* read bps, write bps, read iops, write iops */
  size_t nthrottle[4];
  struct cg_hugetlb *hugetlb;
  size_t nhugetlb;
  struct cg_device_rule *devices;
  size_t ndevices;
  bool has_classid;
  uint32_t classid;
  struct cg_kv *prio;
  size_t nprio;
  struct cg_kv *unified;
  size_t nunified;
};

int cg_resources_parse(const struct json *r, const char *where, struct cg_resources *out, struct rt_err *e);

const char *cgroup_root(void);
enum cg_mode cgroup_detect(const char *root);
const char *cgroup_mode_name(enum cg_mode m);
/* Computes the container's directories for cgroupsPath (may be NULL: "<id>"
 * relative to the runtime's own cgroup) and creates them. */
int cgroup_create(struct cgroup *cg, const char *cgroups_path, const char *id, struct rt_err *e);
/* Without creating anything, for a joined or recorded cgroup. */
int cgroup_resolve(struct cgroup *cg, const char *cgroups_path, const char *id, struct rt_err *e);
int cgroup_apply(struct cgroup *cg, const struct cg_resources *r, struct rt_err *e);
int cgroup_enter(struct cgroup *cg, pid_t pid, struct rt_err *e);
/* Pids in the container's cgroup and its descendants. */
int cgroup_pids(struct cgroup *cg, pid_t **out, size_t *n, struct rt_err *e);
int cgroup_freeze(struct cgroup *cg, bool freeze, struct rt_err *e);
bool cgroup_is_frozen(struct cgroup *cg);
/* Removes the container's cgroups (and their empty parents, see own_depth). */
int cgroup_destroy(struct cgroup *cg, struct rt_err *e);
/* The same without waiting for busy cgroups to empty. */
int cgroup_destroy_now(struct cgroup *cg, struct rt_err *e);
void cgroup_stats(struct cgroup *cg, struct sbuf *out);
void cgroup_to_json(const struct cgroup *cg, struct sbuf *out);
int cgroup_from_json(const struct json *v, struct cgroup *cg, struct rt_err *e);
/* The directory of a v1 controller ("memory") or of v2, NULL when absent. */
const char *cgroup_dir_for(const struct cgroup *cg, const char *controller);

/* Per-version resource writers (cgroup-v1.c, cgroup-v2.c). */
int cgroup_v1_apply(struct cgroup *cg, const struct cg_resources *r, struct rt_err *e);
enum { CGC_MEMORY = 1, CGC_CPU = 2, CGC_CPUSET = 4, CGC_IO = 8, CGC_PIDS = 16, CGC_HUGETLB = 32, CGC_DEVICES = 64,
       CGC_UNIFIED = 128, CGC_ALL = 255 };
/* Writes the limits of the controllers in mask (all of them on v2, those v1
 * lacks in hybrid mode). */
int cgroup_v2_apply(const char *dir, const struct cg_resources *r, unsigned mask, struct rt_err *e);
int cgroup_v2_enable_controllers(const char *root, const char *dir, struct rt_err *e);
int cgroup_v2_devices(const char *dir, const struct cg_device_rule *rules, size_t n, struct rt_err *e);
/* cgroup v2's cpu.weight for a v1 cpu.shares value. */
uint64_t cgroup_shares_to_weight(uint64_t shares);
/* Writes value to dir/file; a missing file is a warning naming what is lost. */
int cg_write(const char *dir, const char *file, const char *value, const char *what, struct rt_err *e);
bool cg_has(const char *dir, const char *file);
/* The default devices every container gets, allowed after the configured rules. */
extern const struct cg_device_rule cg_default_devices[];
extern const size_t cg_ndefault_devices;

#endif
