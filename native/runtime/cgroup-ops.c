/* What is done to a container's existing cgroups: list its processes,
 * freeze and thaw them, remove the cgroups; and writing one limit file. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "log.h"

static void collect_pids(const char *dir, pid_t **out, size_t *n, size_t *cap, int depth) {
  char *procs = path_join(dir, "cgroup.procs"), *buf;
  struct rt_err ign = {0};
  if (read_file(procs, &buf, NULL, &ign) == 0) {
    for (char *tok = strtok(buf, "\n"); tok; tok = strtok(NULL, "\n")) {
      if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *out = xrealloc(*out, *cap * sizeof **out);
      }
      (*out)[(*n)++] = (pid_t)atoi(tok);
    }
    free(buf);
  }
  free(procs);
  DIR *d = depth < 32 ? opendir(dir) : NULL;
  struct dirent *de;
  while (d && (de = readdir(d))) {
    if (de->d_type != DT_DIR || de->d_name[0] == '.') continue;
    char *sub = path_join(dir, de->d_name);
    collect_pids(sub, out, n, cap, depth + 1);
    free(sub);
  }
  if (d) closedir(d);
}

int cgroup_pids(struct cgroup *cg, pid_t **out, size_t *n, struct rt_err *e) {
  const char *dir = cgroup_dir_for(cg, "freezer");
  if (!dir) dir = cgroup_dir_for(cg, "pids");
  if (!dir) dir = cgroup_dir_for(cg, "unified");
  if (!dir && cg->n) dir = cg->dirs[0].path;
  *out = NULL;
  *n = 0;
  if (!dir) return rt_errf(e, 0, "the container has no cgroup to list processes from");
  size_t cap = 0;
  collect_pids(dir, out, n, &cap, 0);
  return 0;
}

static void sleep_ms(int ms) {
  struct timespec ts = {0, ms * 1000000L};
  nanosleep(&ts, NULL);
}

static bool file_has(const char *dir, const char *file, const char *needle) {
  char *p = path_join(dir, file), *buf;
  struct rt_err ign = {0};
  bool r = false;
  if (read_file(p, &buf, NULL, &ign) == 0) {
    r = strstr(buf, needle) != NULL;
    free(buf);
  }
  free(p);
  return r;
}

bool cgroup_is_frozen(struct cgroup *cg) {
  const char *dir = cgroup_dir_for(cg, "freezer");
  if (cg->mode != CG_V2 && dir) return file_has(dir, "freezer.state", "FROZEN");
  dir = cgroup_dir_for(cg, "unified");
  return dir && cg->mode == CG_V2 && file_has(dir, "cgroup.events", "frozen 1");
}

int cgroup_freeze(struct cgroup *cg, bool freeze, struct rt_err *e) {
  const char *dir = cg->mode == CG_V2 ? cg->dirs[0].path : cgroup_dir_for(cg, "freezer");
  if (!dir) return rt_errf(e, 0, "pause needs the freezer cgroup, which is not mounted");
  bool v2 = cg->mode == CG_V2;
  if (cg_write(dir, v2 ? "cgroup.freeze" : "freezer.state", v2 ? (freeze ? "1" : "0") : (freeze ? "FROZEN" : "THAWED"),
               NULL, e) < 0)
    return -1;
  for (int i = 0; i < 2000; i++) {
    bool done = v2 ? file_has(dir, "cgroup.events", freeze ? "frozen 1" : "frozen 0")
                   : file_has(dir, "freezer.state", freeze ? "FROZEN" : "THAWED");
    if (done) return 0;
    /* v1 can stay in FREEZING while a task sleeps uninterruptibly; asking again helps. */
    if (!v2 && i % 10 == 9 && cg_write(dir, "freezer.state", freeze ? "FROZEN" : "THAWED", NULL, e) < 0) return -1;
    sleep_ms(1);
  }
  return rt_errf(e, 0, "%s %s: timed out waiting for the cgroup", freeze ? "freeze" : "thaw", dir);
}

static int rmdir_tree(const char *dir, int depth, int tries) {
  if (rmdir(dir) == 0 || errno == ENOENT) return 0;
  /* cgroupfs says EBUSY both for tasks and for child cgroups */
  DIR *d = depth < 32 && (errno == EBUSY || errno == ENOTEMPTY) ? opendir(dir) : NULL;
  struct dirent *de;
  while (d && (de = readdir(d))) {
    if (de->d_type != DT_DIR || de->d_name[0] == '.') continue;
    char *sub = path_join(dir, de->d_name);
    rmdir_tree(sub, depth + 1, tries);
    free(sub);
  }
  if (d) closedir(d);
  for (int i = 0; i < tries; i++) {
    if (rmdir(dir) == 0 || errno == ENOENT) return 0;
    if (errno != EBUSY) return -1;
    sleep_ms(2); /* exiting tasks leave the cgroup a little after they are reaped */
  }
  return -1;
}

static int destroy(struct cgroup *cg, int tries, struct rt_err *e) {
  int rc = 0;
  for (size_t i = 0; i < cg->n; i++) {
    char *dir = xstrdup(cg->dirs[i].path);
    if (rmdir_tree(dir, 0, tries) < 0) {
      rc = rt_errf(e, errno, "remove cgroup %s", dir);
      free(dir);
      continue;
    }
    /* Empty parents that only containers used go too; one still in use stays. */
    for (int level = 1; level < cg->own_depth; level++) {
      char *slash = strrchr(dir, '/');
      if (!slash || slash == dir) break;
      *slash = '\0';
      if (rmdir(dir) < 0) break;
    }
    free(dir);
  }
  return rc;
}

int cgroup_destroy(struct cgroup *cg, struct rt_err *e) { return destroy(cg, 500, e); }
int cgroup_destroy_now(struct cgroup *cg, struct rt_err *e) { return destroy(cg, 1, e); }

bool cg_has(const char *dir, const char *file) {
  char *p = path_join(dir, file);
  bool r = path_exists(p);
  free(p);
  return r;
}

int cg_write(const char *dir, const char *file, const char *value, const char *what, struct rt_err *e) {
  char *p = path_join(dir, file);
  if (what && !path_exists(p)) {
    log_warn("%s: the kernel has no %s (in %s); the limit is not applied", what, file, dir);
    free(p);
    return 0;
  }
  int r = write_str(p, value, e);
  free(p);
  return r;
}

