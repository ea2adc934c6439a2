/* Resource usage of a container for `events --stats`, in runc's JSON shape
 * (cpu.usage in nanoseconds, memory.usage in bytes, pids). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"

static bool read_u64(const char *dir, const char *file, unsigned long long *v) {
  char *p = path_join(dir, file), *buf;
  struct rt_err ign = {0};
  bool ok = false;
  if (read_file(p, &buf, NULL, &ign) == 0) {
    if (strncmp(buf, "max", 3) == 0) *v = 0, ok = true;
    else ok = sscanf(buf, "%llu", v) == 1;
    free(buf);
  }
  free(p);
  return ok;
}

/* "key value" lines (memory.stat, cpu.stat, cpuacct.stat). */
static bool read_key(const char *dir, const char *file, const char *key, unsigned long long *v) {
  char *p = path_join(dir, file), *buf;
  struct rt_err ign = {0};
  bool ok = false;
  if (read_file(p, &buf, NULL, &ign) == 0) {
    size_t n = strlen(key);
    for (char *line = buf; line && *line && !ok; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
      if (strncmp(line, key, n) == 0 && line[n] == ' ') ok = sscanf(line + n + 1, "%llu", v) == 1;
    free(buf);
  }
  free(p);
  return ok;
}

static void field(struct sbuf *b, const char *key, unsigned long long v, bool *first) {
  sbuf_printf(b, "%s\"%s\":%llu", *first ? "" : ",", key, v);
  *first = false;
}

void cgroup_stats(struct cgroup *cg, struct sbuf *b) {
  unsigned long long v = 0, user = 0, sys = 0;
  bool first = true;
  const char *cpu = cgroup_dir_for(cg, cg->mode == CG_V2 ? "cpu" : "cpuacct");
  const char *mem = cgroup_dir_for(cg, "memory"), *pids = cgroup_dir_for(cg, "pids");
  bool v2 = cg->mode == CG_V2;
  sbuf_puts(b, "{\"cpu\":{\"usage\":{");
  if (cpu && v2 && read_key(cpu, "cpu.stat", "usage_usec", &v)) {
    read_key(cpu, "cpu.stat", "user_usec", &user);
    read_key(cpu, "cpu.stat", "system_usec", &sys);
    field(b, "total", v * 1000, &first);
    field(b, "user", user * 1000, &first);
    field(b, "kernel", sys * 1000, &first);
  } else if (cpu && !v2 && read_u64(cpu, "cpuacct.usage", &v)) {
    field(b, "total", v, &first);
    /* cpuacct.stat counts USER_HZ ticks (100 per second). */
    if (read_key(cpu, "cpuacct.stat", "user", &user)) field(b, "user", user * 10000000ULL, &first);
    if (read_key(cpu, "cpuacct.stat", "system", &sys)) field(b, "kernel", sys * 10000000ULL, &first);
  }
  sbuf_puts(b, "}},\"memory\":{\"usage\":{");
  first = true;
  if (mem && read_u64(mem, v2 ? "memory.current" : "memory.usage_in_bytes", &v)) field(b, "usage", v, &first);
  if (mem && read_u64(mem, v2 ? "memory.peak" : "memory.max_usage_in_bytes", &v)) field(b, "max", v, &first);
  if (mem && read_u64(mem, v2 ? "memory.max" : "memory.limit_in_bytes", &v)) field(b, "limit", v, &first);
  sbuf_puts(b, "},\"stats\":{");
  first = true;
  if (mem && read_key(mem, "memory.stat", v2 ? "file" : "cache", &v)) field(b, "cache", v, &first);
  if (mem && read_key(mem, "memory.stat", v2 ? "anon" : "rss", &v)) field(b, "rss", v, &first);
  sbuf_puts(b, "}},\"pids\":{");
  first = true;
  if (pids && read_u64(pids, "pids.current", &v)) field(b, "current", v, &first);
  if (pids && read_u64(pids, "pids.max", &v)) field(b, "limit", v, &first);
  sbuf_puts(b, "}}");
}
