/* The cgroup manager: where the container's cgroups are, creating, joining,
 * freezing, listing and removing them. Resource files are written by
 * cgroup-v1.c and cgroup-v2.c. */
#include "cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

const char *cgroup_root(void) {
  const char *r = getenv("TSCOMPOSE_CGROUP_ROOT");
  return r && *r ? r : "/sys/fs/cgroup";
}

enum cg_mode cgroup_detect(const char *root) {
  char *p = path_join(root, "cgroup.controllers");
  bool v2 = path_exists(p);
  free(p);
  if (v2) return CG_V2;
  p = path_join(root, "unified/cgroup.controllers");
  bool hybrid = path_exists(p);
  free(p);
  return hybrid ? CG_HYBRID : CG_V1;
}

const char *cgroup_mode_name(enum cg_mode m) { return m == CG_V2 ? "v2" : m == CG_HYBRID ? "hybrid" : "v1"; }

/* The runtime's own cgroup in a hierarchy, from /proc/self/cgroup, for relative paths. */
static char *own_cgroup(const char *hier) {
  static char *self; /* /proc/self/cgroup, read once for all hierarchies */
  char *buf;
  size_t len;
  struct rt_err e = {0};
  if (strcmp(cgroup_root(), "/sys/fs/cgroup") != 0) return xstrdup("/");
  if (!self && read_file("/proc/self/cgroup", &self, &len, &e) < 0) return xstrdup("/");
  buf = xstrdup(self);
  char *want = strcmp(hier, "unified") == 0 ? xstrdup("") :
               strcmp(hier, "systemd") == 0 ? xstrdup("name=systemd") : xstrdup(hier);
  char *found = NULL;
  for (char *line = strtok(buf, "\n"); line && !found; line = strtok(NULL, "\n")) {
    char *c1 = strchr(line, ':');
    char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (!c2) continue;
    *c2 = '\0';
    if (strcmp(c1 + 1, want) == 0) found = xstrdup(c2 + 1);
  }
  free(want);
  free(buf);
  return found ? found : xstrdup("/");
}

static void add_dir(struct cgroup *cg, const char *hier, bool relative) {
  if (cg->n == CG_MAX_DIRS) return;
  char *base = hier ? path_join(cg->root, hier) : xstrdup(cg->root);
  char *mid = relative ? own_cgroup(hier ? hier : "unified") : xstrdup("/");
  char *under = path_join(base, mid);
  cg->dirs[cg->n].hier = xstrdup(hier ? hier : "unified");
  cg->dirs[cg->n].path = path_join(under, cg->rel);
  cg->n++;
  free(base);
  free(mid);
  free(under);
}

int cgroup_resolve(struct cgroup *cg, const char *cgroups_path, const char *id, struct rt_err *e) {
  memset(cg, 0, sizeof *cg);
  cg->root = xstrdup(cgroup_root());
  cg->mode = cgroup_detect(cg->root);
  bool relative = !cgroups_path || cgroups_path[0] != '/';
  if (cgroups_path && strchr(cgroups_path, ':'))
    return rt_errf(e, 0, "linux.cgroupsPath \"%s\": systemd slices (slice:prefix:name) are not supported; give a path",
                   cgroups_path);
  cg->rel = xstrdup(cgroups_path && *cgroups_path ? cgroups_path : id);
  if (strstr(cg->rel, "..")) return rt_errf(e, 0, "linux.cgroupsPath \"%s\": must not contain ..", cg->rel);
  /* A relative path is the container's alone below our own cgroup; an
   * absolute one owns every component below the hierarchy root. */
  cg->own_depth = 0;
  for (const char *p = cg->rel; *p; p++)
    if (*p != '/' && (p == cg->rel || p[-1] == '/')) cg->own_depth++;
  if (cg->mode == CG_V2) {
    add_dir(cg, NULL, relative);
    return 0;
  }
  DIR *d = opendir(cg->root);
  if (!d) return rt_errf(e, errno, "open %s", cg->root);
  struct dirent *de;
  while ((de = readdir(d))) {
    if (de->d_name[0] == '.' || strcmp(de->d_name, "unified") == 0) continue;
    char *p = path_join(cg->root, de->d_name);
    struct stat st;
    bool hier = lstat(p, &st) == 0 && S_ISDIR(st.st_mode);
    free(p);
    if (hier) add_dir(cg, de->d_name, relative);
  }
  closedir(d);
  /* readdir order is the filesystem's; sort so mounts and records are stable. */
  for (size_t i = 1; i < cg->n; i++)
    for (size_t j = i; j > 0 && strcmp(cg->dirs[j - 1].hier, cg->dirs[j].hier) > 0; j--) {
      struct cg_dir t = cg->dirs[j];
      cg->dirs[j] = cg->dirs[j - 1];
      cg->dirs[j - 1] = t;
    }
  if (cg->mode == CG_HYBRID) add_dir(cg, "unified", relative);
  return 0;
}

/* A new v1 cpuset cgroup starts with empty cpus and mems, and no task can
 * join it until they are filled: copy them down from the parent. */
static int cpuset_fill(const char *dir, struct rt_err *e) {
  for (int i = 0; i < 2; i++) {
    const char *file = i ? "cpuset.mems" : "cpuset.cpus";
    char *mine = path_join(dir, file), *val = NULL;
    size_t len = 0;
    struct rt_err ign = {0};
    int r = 0;
    if (read_file(mine, &val, &len, &ign) == 0 && len > 0 && val[0] != '\n') {
      free(val);
      free(mine);
      continue;
    }
    free(val);
    char *parent = xstrdup(dir);
    *strrchr(parent, '/') = '\0';
    char *pfile = path_join(parent, file);
    if (read_file(pfile, &val, &len, e) == 0) r = write_str(mine, val, e);
    else r = -1;
    free(val);
    free(pfile);
    free(parent);
    free(mine);
    if (r < 0) return -1;
  }
  return 0;
}

static int mkdir_cgroup(const char *path, bool cpuset, struct rt_err *e) {
  char *p = xstrdup(path);
  size_t rootlen = strlen(cgroup_root());
  for (char *s = p + rootlen + 1;; s++) {
    if (*s != '/' && *s != '\0') continue;
    char c = *s;
    *s = '\0';
    bool made = mkdir(p, 0755) == 0;
    if (!made && errno != EEXIST) {
      rt_errf(e, errno, "mkdir %s", p);
      free(p);
      return -1;
    }
    if (cpuset && cpuset_fill(p, e) < 0) {
      free(p);
      return -1;
    }
    *s = c;
    if (c == '\0') break;
  }
  free(p);
  return 0;
}

int cgroup_create(struct cgroup *cg, const char *cgroups_path, const char *id, struct rt_err *e) {
  if (cgroup_resolve(cg, cgroups_path, id, e) < 0) return -1;
  for (size_t i = 0; i < cg->n; i++) {
    const char *h = cg->dirs[i].hier;
    bool cpuset = cg->mode != CG_V2 && strstr(h, "cpuset") != NULL;
    if (mkdir_cgroup(cg->dirs[i].path, cpuset, e) < 0) {
      /* A concurrent delete may remove an empty parent between our mkdirs. */
      if (e->errnum != ENOENT || mkdir_cgroup(cg->dirs[i].path, cpuset, e) < 0) return -1;
    }
    if (strcmp(h, "unified") == 0 && cgroup_v2_enable_controllers(cg->root, cg->dirs[i].path, e) < 0) return -1;
  }
  return 0;
}

const char *cgroup_dir_for(const struct cgroup *cg, const char *controller) {
  for (size_t i = 0; i < cg->n; i++) {
    if (cg->mode == CG_V2) return cg->dirs[i].path;
    const char *h = cg->dirs[i].hier;
    size_t n = strlen(controller);
    for (const char *p = h; (p = strstr(p, controller)); p += n)
      if ((p == h || p[-1] == ',') && (p[n] == '\0' || p[n] == ',')) return cg->dirs[i].path;
  }
  return NULL;
}

int cgroup_apply(struct cgroup *cg, const struct cg_resources *r, struct rt_err *e) {
  static const struct {
    const char *v1;
    unsigned bit;
  } ctl[] = {{"memory", CGC_MEMORY}, {"cpu", CGC_CPU}, {"cpuset", CGC_CPUSET}, {"blkio", CGC_IO},
             {"pids", CGC_PIDS},     {"hugetlb", CGC_HUGETLB}, {"devices", CGC_DEVICES}};
  if (cg->mode == CG_V2) return cgroup_v2_apply(cg->dirs[0].path, r, CGC_ALL, e);
  if (cgroup_v1_apply(cg, r, e) < 0) return -1;
  if (cg->mode != CG_HYBRID) return 0;
  unsigned mask = CGC_UNIFIED;
  for (size_t i = 0; i < sizeof ctl / sizeof *ctl; i++)
    if (!cgroup_dir_for(cg, ctl[i].v1)) mask |= ctl[i].bit;
  return cgroup_v2_apply(cgroup_dir_for(cg, "unified"), r, mask, e);
}

int cgroup_enter(struct cgroup *cg, pid_t pid, struct rt_err *e) {
  char num[32];
  snprintf(num, sizeof num, "%d", (int)pid);
  for (size_t i = 0; i < cg->n; i++) {
    char *procs = path_join(cg->dirs[i].path, "cgroup.procs");
    int r = write_str(procs, num, e);
    free(procs);
    if (r < 0) return -1;
  }
  return 0;
}

void cgroup_to_json(const struct cgroup *cg, struct sbuf *b) {
  sbuf_puts(b, "{\"mode\":");
  sbuf_json_str(b, cgroup_mode_name(cg->mode));
  sbuf_puts(b, ",\"root\":");
  sbuf_json_str(b, cg->root);
  sbuf_printf(b, ",\"ownDepth\":%d,\"dirs\":{", cg->own_depth);
  for (size_t i = 0; i < cg->n; i++) {
    if (i) sbuf_putc(b, ',');
    sbuf_json_str(b, cg->dirs[i].hier);
    sbuf_putc(b, ':');
    sbuf_json_str(b, cg->dirs[i].path);
  }
  sbuf_puts(b, "}}");
}

int cgroup_from_json(const struct json *v, struct cgroup *cg, struct rt_err *e) {
  memset(cg, 0, sizeof *cg);
  const struct json *mode = json_get(v, "mode"), *root = json_get(v, "root"), *dirs = json_get(v, "dirs"),
                    *depth = json_get(v, "ownDepth");
  int64_t d = 0;
  if (!mode || mode->type != JSON_STRING || !root || root->type != JSON_STRING || !dirs ||
      dirs->type != JSON_OBJECT || json_to_i64(depth, &d) < 0)
    return rt_errf(e, 0, "state.json: cgroup: malformed record");
  cg->mode = strcmp(mode->s, "v2") == 0 ? CG_V2 : strcmp(mode->s, "hybrid") == 0 ? CG_HYBRID : CG_V1;
  cg->root = xstrdup(root->s);
  cg->own_depth = (int)d;
  for (size_t i = 0; i < dirs->n && cg->n < CG_MAX_DIRS; i++) {
    if (dirs->members[i].val->type != JSON_STRING) continue;
    cg->dirs[cg->n].hier = xstrdup(dirs->members[i].key);
    cg->dirs[cg->n++].path = xstrdup(dirs->members[i].val->s);
  }
  return 0;
}
