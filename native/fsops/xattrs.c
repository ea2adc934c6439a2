/* "xattrs" mode: the extended attributes of a tree, for the layer tar
 * writer (an overlayfs upper dir carries security.capability, user.* and
 * trusted.overlay.opaque, which Node cannot read). */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>

#include "fsops.h"

static size_t root_len;
static struct fsops_error *walk_err;

static int print_attrs(const char *path, const char *rel) {
  char names[65536];
  ssize_t n = llistxattr(path, names, sizeof(names));
  if (n < 0) {
    if (errno == ENOTSUP) return 0;
    return fsops_error_set(walk_err, errno, "listxattr %s: %s", path, strerror(errno));
  }
  for (char *name = names; name < names + n; name += strlen(name) + 1) {
    unsigned char value[65536];
    ssize_t len = lgetxattr(path, name, value, sizeof(value));
    if (len < 0) {
      if (errno == ENODATA) continue;
      return fsops_error_set(walk_err, errno, "getxattr %s %s: %s", path, name, strerror(errno));
    }
    fputs(rel, stdout);
    putchar('\0');
    fputs(name, stdout);
    putchar('\0');
    for (ssize_t i = 0; i < len; i++) printf("%02x", value[i]);
    putchar('\0');
  }
  return 0;
}

static int visit(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)ftw;
  if (flag == FTW_NS || flag == FTW_DNR) {
    fsops_error_set(walk_err, errno, "cannot read %s: %s", path, strerror(errno));
    return 1;
  }
  const char *rel = path[root_len] == '\0' ? "." : path + root_len + 1;
  return print_attrs(path, rel) < 0 ? 1 : 0;
}

int list_xattrs(const char *root, struct fsops_error *err) {
  root_len = strlen(root);
  while (root_len > 1 && root[root_len - 1] == '/') root_len--;
  walk_err = err;
  int r = nftw(root, visit, 64, FTW_PHYS);
  if (r < 0) return fsops_error_set(err, errno, "walk %s: %s", root, strerror(errno));
  if (r > 0) return -1;
  return fflush(stdout) == 0 ? 0 : fsops_error_set(err, errno, "write: %s", strerror(errno));
}
