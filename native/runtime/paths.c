/* After pivot_root: linux.sysctl, then linux.readonlyPaths and
 * linux.maskedPaths (files get /dev/null bound over them, directories an
 * empty read-only tmpfs), as runc and crun do. Missing paths are skipped. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "container.h"
#include "util.h"

static bool prefixed(const char *key, const char *prefix) { return strncmp(key, prefix, strlen(prefix)) == 0; }

/* Which namespace a sysctl belongs to; 0 when it is not namespaced at all. */
static int sysctl_ns(const char *key) {
  static const char *ipc[] = {"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall",
                              "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"};
  for (size_t i = 0; i < sizeof ipc / sizeof *ipc; i++)
    if (strcmp(key, ipc[i]) == 0) return CLONE_NEWIPC;
  if (prefixed(key, "fs.mqueue.")) return CLONE_NEWIPC;
  if (prefixed(key, "net.")) return CLONE_NEWNET;
  if (strcmp(key, "kernel.hostname") == 0 || strcmp(key, "kernel.domainname") == 0) return CLONE_NEWUTS;
  return 0;
}

int sysctls_validate(const struct container *c, struct rt_err *e) {
  for (size_t i = 0; i < c->spec.nsysctls; i++) {
    const char *key = c->spec.sysctls[i].key;
    int ns = sysctl_ns(key);
    if (!ns) return rt_errf(e, 0, "config.json: linux.sysctl: %s is not namespaced; a container cannot set it", key);
    if (!spec_find_ns(&c->spec, ns))
      return rt_errf(e, 0, "config.json: linux.sysctl: %s needs the container's own %s namespace", key,
                     ns == CLONE_NEWNET ? "network" : ns == CLONE_NEWIPC ? "ipc" : "uts");
    if (strstr(key, "..") || strchr(key, '/') == key)
      return rt_errf(e, 0, "config.json: linux.sysctl: invalid key \"%s\"", key);
  }
  return 0;
}

int sysctls_apply(const struct spec *s, struct rt_err *e) {
  for (size_t i = 0; i < s->nsysctls; i++) {
    char *path = path_join("/proc/sys", s->sysctls[i].key);
    for (char *p = path + strlen("/proc/sys/"); *p; p++)
      if (*p == '.') *p = '/';
    int r = write_str(path, s->sysctls[i].value, e);
    free(path);
    if (r < 0) return rt_err_wrap(e, "linux.sysctl %s", s->sysctls[i].key);
  }
  return 0;
}

int paths_readonly(const struct spec *s, struct rt_err *e) {
  for (size_t i = 0; i < s->nreadonly; i++) {
    const char *p = s->readonly[i];
    if (mount(p, p, NULL, MS_BIND | MS_REC, NULL) < 0) {
      if (errno == ENOENT) continue;
      return rt_errf(e, errno, "bind %s (linux.readonlyPaths)", p);
    }
    if (mount(NULL, p, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC | mount_locked_flags(p), NULL) < 0)
      return rt_errf(e, errno, "remount %s read-only", p);
  }
  return 0;
}

int paths_masked(const struct spec *s, struct rt_err *e) {
  for (size_t i = 0; i < s->nmasked; i++) {
    const char *p = s->masked[i];
    struct stat st;
    if (lstat(p, &st) < 0) {
      if (errno == ENOENT) continue;
      return rt_errf(e, errno, "stat %s (linux.maskedPaths)", p);
    }
    int r = S_ISDIR(st.st_mode) ? mount("tmpfs", p, "tmpfs", MS_RDONLY, NULL)
                                : mount("/dev/null", p, NULL, MS_BIND, NULL);
    if (r < 0) return rt_errf(e, errno, "mask %s", p);
  }
  return 0;
}
