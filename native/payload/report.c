/* `payload report`: what the process sees of itself, as one JSON object. */
#include <dirent.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "out.h"
#include "payload.h"

static const char *const cap_names[] = {
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
    "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
    "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
    "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
    "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
    "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
    "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE"};

/* The value after "Key:\t" in /proc/self/status. */
static char *status_field(const char *status, const char *key) {
  size_t n = strlen(key);
  for (const char *p = status; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
    if (strncmp(p, key, n) == 0 && p[n] == ':') {
      const char *v = p + n + 1;
      while (*v == '\t' || *v == ' ') v++;
      size_t len = strcspn(v, "\n");
      char *r = malloc(len + 1);
      memcpy(r, v, len);
      r[len] = '\0';
      return r;
    }
  return NULL;
}

static void caps(const char *status) {
  static const char *sets[][2] = {{"bounding", "CapBnd"}, {"effective", "CapEff"}, {"permitted", "CapPrm"},
                                  {"inheritable", "CapInh"}, {"ambient", "CapAmb"}};
  out_key("capabilities");
  out_begin('{');
  for (size_t s = 0; s < 5; s++) {
    char *hex = status_field(status, sets[s][1]);
    unsigned long long v = hex ? strtoull(hex, NULL, 16) : 0;
    free(hex);
    out_key(sets[s][0]);
    out_begin('[');
    for (int c = 0; c < 64; c++)
      if (v & (1ULL << c)) out_str(c < (int)(sizeof cap_names / sizeof *cap_names) ? cap_names[c] : "CAP_UNKNOWN");
    out_end(']');
  }
  out_end('}');
}

static void ids(const char *status) {
  char *uid = status_field(status, "Uid"), *gid = status_field(status, "Gid");
  out_kstr("uids", uid);
  out_kstr("gids", gid);
  free(uid);
  free(gid);
  gid_t groups[256];
  int n = getgroups(256, groups);
  out_key("groups");
  out_begin('[');
  for (int i = 0; i < n; i++) out_num(groups[i]);
  out_end(']');
  mode_t m = umask(0);
  umask(m);
  out_knum("umask", m);
}

static void rlimits(void) {
  static const struct {
    const char *name;
    int res;
  } r[] = {{"RLIMIT_CPU", RLIMIT_CPU},         {"RLIMIT_FSIZE", RLIMIT_FSIZE},     {"RLIMIT_DATA", RLIMIT_DATA},
           {"RLIMIT_STACK", RLIMIT_STACK},     {"RLIMIT_CORE", RLIMIT_CORE},       {"RLIMIT_RSS", RLIMIT_RSS},
           {"RLIMIT_NPROC", RLIMIT_NPROC},     {"RLIMIT_NOFILE", RLIMIT_NOFILE},   {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK},
           {"RLIMIT_AS", RLIMIT_AS},           {"RLIMIT_LOCKS", RLIMIT_LOCKS},     {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
           {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE}, {"RLIMIT_NICE", RLIMIT_NICE},     {"RLIMIT_RTPRIO", RLIMIT_RTPRIO},
           {"RLIMIT_RTTIME", RLIMIT_RTTIME}};
  out_key("rlimits");
  out_begin('{');
  for (size_t i = 0; i < sizeof r / sizeof *r; i++) {
    struct rlimit l;
    getrlimit(r[i].res, &l);
    out_key(r[i].name);
    out_begin('{');
    out_key("soft");
    if (l.rlim_cur == RLIM_INFINITY) out_num(-1);
    else out_num((long long)l.rlim_cur);
    out_key("hard");
    if (l.rlim_max == RLIM_INFINITY) out_num(-1);
    else out_num((long long)l.rlim_max);
    out_end('}');
  }
  out_end('}');
}

static void namespaces(void) {
  static const char *ns[] = {"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"};
  out_key("namespaces");
  out_begin('{');
  for (size_t i = 0; i < sizeof ns / sizeof *ns; i++) {
    char path[64], target[128] = "";
    snprintf(path, sizeof path, "/proc/self/ns/%s", ns[i]);
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n >= 0) target[n] = '\0';
    out_kstr(ns[i], n >= 0 ? target : NULL);
  }
  out_end('}');
}

/* mountinfo: id parent major:minor root mountpoint options ... - fstype source superoptions */
static void mounts(void) {
  char *mi = slurp("/proc/self/mountinfo");
  out_key("mounts");
  out_begin('[');
  for (char *line = mi ? strtok(mi, "\n") : NULL; line; line = strtok(NULL, "\n")) {
    char mp[1024], opts[1024], fstype[128], src[1024], super[1024];
    char *dash = strstr(line, " - ");
    if (!dash || sscanf(line, "%*s %*s %*s %*s %1023s %1023s", mp, opts) != 2) continue;
    if (sscanf(dash + 3, "%127s %1023s %1023s", fstype, src, super) < 2) continue;
    out_begin('{');
    out_kstr("destination", mp);
    out_kstr("type", fstype);
    out_kstr("options", opts);
    out_kstr("superOptions", super);
    out_end('}');
  }
  out_end(']');
  free(mi);
}

static void cgroup_limits(void) {
  static const char *files[] = {
      "memory/memory.limit_in_bytes", "memory/memory.soft_limit_in_bytes", "memory/memory.memsw.limit_in_bytes",
      "memory/memory.swappiness", "cpu/cpu.shares", "cpu/cpu.cfs_quota_us", "cpu/cpu.cfs_period_us",
      "cpuset/cpuset.cpus", "cpuset/cpuset.mems", "pids/pids.max", "blkio/blkio.bfq.weight", "blkio/blkio.weight",
      "memory.max", "memory.low", "memory.swap.max", "cpu.max", "cpu.weight", "pids.max", "cpuset.cpus",
      "unified/hugetlb.2MB.max"};
  out_key("cgroupLimits");
  out_begin('{');
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    char path[256];
    snprintf(path, sizeof path, "/sys/fs/cgroup/%s", files[i]);
    char *v = slurp(path);
    if (!v) continue;
    v[strcspn(v, "\n")] = '\0';
    out_kstr(files[i], v);
    free(v);
  }
  out_end('}');
  char *cg = slurp("/proc/self/cgroup");
  out_kstr("cgroup", cg);
  free(cg);
}

static void processes(void) {
  DIR *d = opendir("/proc");
  struct dirent *de;
  out_key("processes");
  out_begin('[');
  while (d && (de = readdir(d)))
    if (de->d_name[0] >= '0' && de->d_name[0] <= '9') out_num(atoll(de->d_name));
  if (d) closedir(d);
  out_end(']');
}

static void devices(void) {
  DIR *d = opendir("/dev");
  struct dirent *de;
  out_key("devices");
  out_begin('{');
  while (d && (de = readdir(d))) {
    char path[300];
    struct stat st;
    if (de->d_name[0] == '.') continue;
    snprintf(path, sizeof path, "/dev/%s", de->d_name);
    if (lstat(path, &st) < 0) continue;
    char desc[128];
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
      snprintf(desc, sizeof desc, "%c %u:%u %04o", S_ISCHR(st.st_mode) ? 'c' : 'b', major(st.st_rdev), minor(st.st_rdev),
               st.st_mode & 07777);
    else if (S_ISLNK(st.st_mode)) {
      char t[200] = "";
      ssize_t n = readlink(path, t, sizeof t - 1);
      if (n >= 0) t[n] = '\0';
      snprintf(desc, sizeof desc, "-> %s", t);
    } else if (S_ISDIR(st.st_mode)) snprintf(desc, sizeof desc, "dir");
    else snprintf(desc, sizeof desc, "file");
    out_kstr(de->d_name, desc);
  }
  if (d) closedir(d);
  out_end('}');
}

int cmd_report(int argc, char **argv, char **envp) {
  char *status = slurp("/proc/self/status");
  struct utsname u;
  uname(&u);
  char cwd[1024] = "";
  if (!getcwd(cwd, sizeof cwd)) cwd[0] = '\0';
  out_begin('{');
  out_kstr("hostname", u.nodename);
  out_kstr("domainname", u.domainname);
  out_knum("pid", getpid());
  out_knum("ppid", getppid());
  out_kstr("cwd", cwd);
  ids(status ? status : "");
  caps(status ? status : "");
  char *nnp = status ? status_field(status, "NoNewPrivs") : NULL, *sc = status ? status_field(status, "Seccomp") : NULL;
  out_kbool("noNewPrivs", nnp && atoi(nnp) == 1);
  out_knum("seccomp", sc ? atoi(sc) : -1);
  free(nnp);
  free(sc);
  char *oom = slurp("/proc/self/oom_score_adj");
  out_knum("oomScoreAdj", oom ? atoi(oom) : 0);
  free(oom);
  rlimits();
  namespaces();
  mounts();
  cgroup_limits();
  processes();
  devices();
  out_key("env");
  out_begin('[');
  for (char **e = envp; e && *e; e++) out_str(*e);
  out_end(']');
  out_key("args");
  out_begin('[');
  for (int i = 0; i < argc; i++) out_str(argv[i]);
  out_end(']');
  out_kbool("stdinTty", isatty(0));
  out_kbool("stdoutTty", isatty(1));
  out_end('}');
  putchar('\n');
  free(status);
  return 0;
}
