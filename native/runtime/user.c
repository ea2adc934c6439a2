#include "user.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

char *passwd_home(uint32_t uid) {
  FILE *f = fopen("/etc/passwd", "re");
  if (!f) return NULL;
  char line[1024], *home = NULL;
  while (!home && fgets(line, sizeof line, f)) {
    /* name:password:uid:gid:gecos:home:shell */
    char *field[7] = {0}, *p = line;
    int n = 0;
    while (n < 7 && p) {
      field[n++] = p;
      p = strchr(p, ':');
      if (p) *p++ = '\0';
    }
    if (n < 6) continue;
    char *end;
    unsigned long u = strtoul(field[2], &end, 10);
    if (*end == '\0' && u == uid) home = xstrdup(field[5]);
  }
  fclose(f);
  return home;
}

const char *env_get(char **env, const char *name) {
  size_t n = strlen(name);
  const char *found = NULL;
  for (char **e = env; e && *e; e++)
    if (strncmp(*e, name, n) == 0 && (*e)[n] == '=') found = *e + n + 1;
  return found;
}

/* strerror in Go's spelling (lowercase), which Docker's messages quote. */
static const char *go_strerror(int err, char *buf, size_t n) {
  snprintf(buf, n, "%s", strerror(err));
  if (buf[0] >= 'A' && buf[0] <= 'Z') buf[0] = (char)(buf[0] - 'A' + 'a');
  return buf;
}

/* 0 when path is an executable regular file, else an errno as Go reports it. */
static int executable(const char *path) {
  struct stat st;
  if (stat(path, &st) < 0) return errno;
  if (S_ISDIR(st.st_mode) || !(st.st_mode & 0111)) return EACCES;
  return 0;
}

char *lookup_executable(const char *args0, char **env, struct rt_err *e) {
  if (!args0 || !*args0) {
    e->status = 127;
    return rt_errf(e, 0, "exec: no command given (process.args is empty)"), NULL;
  }
  if (strchr(args0, '/')) {
    int err = executable(args0);
    if (err == 0) return xstrdup(args0);
    e->status = err == EACCES ? 126 : 127;
    char msg[128];
    if (err == EACCES) rt_errf(e, 0, "exec: \"%s\": permission denied", args0);
    else rt_errf(e, 0, "exec: \"%s\": stat %s: %s", args0, args0, go_strerror(err, msg, sizeof msg));
    return NULL;
  }
  const char *path = env_get(env, "PATH");
  char *dirs = xstrdup(path ? path : DEFAULT_PATH), *save = NULL;
  for (char *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
    char *cand = path_join(*d ? d : ".", args0);
    if (executable(cand) == 0) {
      free(dirs);
      return cand;
    }
    free(cand);
  }
  free(dirs);
  e->status = 127;
  rt_errf(e, 0, "exec: \"%s\": executable file not found in $PATH", args0);
  return NULL;
}

int exec_failure(const char *path, int err, struct rt_err *e) {
  char msg[128];
  e->status = (err == ENOENT || err == ENOTDIR) ? 127 : 126;
  return rt_errf(e, 0, "exec %s: %s", path, go_strerror(err, msg, sizeof msg));
}

char **strv_append(char **v, size_t *n, const char **add, size_t nadd) {
  char **out = xcalloc(*n + nadd + 1, sizeof *out);
  memcpy(out, v, *n * sizeof *out);
  for (size_t i = 0; i < nadd; i++) out[*n + i] = (char *)add[i];
  *n += nadd;
  return out;
}

