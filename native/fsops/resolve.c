/* Path resolution that cannot leave the layer root: openat2 with
 * RESOLVE_BENEATH and RESOLVE_NO_SYMLINKS, so neither "..", an absolute
 * path nor a symlink planted earlier in the same layer reaches outside. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fsops.h"

int fsops_error_set(struct fsops_error *err, int errnum, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
  va_end(ap);
  err->errnum = errnum;
  return -1;
}

int open_parent(int rootfd, const char *path, const char **base, struct fsops_error *err) {
  static char dir[4096];
  const char *slash = strrchr(path, '/');
  if (path[0] == '/' || path[0] == '\0')
    return fsops_error_set(err, EINVAL, "%s: path must be relative to the layer root", path);
  if (slash == NULL) {
    *base = path;
    snprintf(dir, sizeof(dir), ".");
  } else {
    size_t n = (size_t)(slash - path);
    if (n >= sizeof(dir)) return fsops_error_set(err, ENAMETOOLONG, "%s: path too long", path);
    memcpy(dir, path, n);
    dir[n] = '\0';
    *base = slash + 1;
  }
  if (strcmp(*base, "..") == 0 || strcmp(*base, ".") == 0 || (*base)[0] == '\0')
    return fsops_error_set(err, EINVAL, "%s: bad last component", path);
  struct open_how how = {
      .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
      .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
  };
  long fd = syscall(SYS_openat2, rootfd, dir, &how, sizeof(how));
  if (fd < 0) return fsops_error_set(err, errno, "open %s: %s", dir, strerror(errno));
  return (int)fd;
}
