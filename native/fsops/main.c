/* tscompose-fsops: the file operations of the layer applier that Node has
 * no API for.
 *
 *   tscompose-fsops apply ROOT   reads operations from stdin, one field per
 *                                NUL-terminated string, and answers each with
 *                                "ok\n" or "error ERRNO MESSAGE\n":
 *       mknod PATH c|b|p MODE MAJOR MINOR UID GID MTIME_SEC MTIME_NSEC
 *       whiteout PATH UID GID        (overlayfs whiteout: char device 0/0)
 *       opaque PATH                  (trusted.overlay.opaque=y)
 *       xattr PATH NAME HEXVALUE
 *   tscompose-fsops xattrs ROOT  prints every extended attribute under ROOT
 *                                as PATH\0NAME\0HEXVALUE\0 records.
 *
 * PATHs are relative to ROOT and resolved beneath it without following any
 * symlink (openat2), so nothing outside ROOT can be touched. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsops.h"

struct op {
  const char *name;
  int nfields;
  int (*run)(int rootfd, char **f, struct fsops_error *err);
};

static const struct op OPS[] = {
    {"mknod", 9, op_mknod},
    {"whiteout", 3, op_whiteout},
    {"opaque", 1, op_opaque},
    {"xattr", 3, op_xattr},
};

static int read_field(char **buf, size_t *cap, FILE *in) {
  ssize_t n = getdelim(buf, cap, '\0', in);
  if (n <= 0 || (*buf)[n - 1] != '\0') return -1;
  return 0;
}

static int apply(const char *root) {
  int rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0) {
    fprintf(stderr, "open %s: %s\n", root, strerror(errno));
    return 1;
  }
  char *fields[10] = {0};
  size_t caps[10] = {0};
  char *name = NULL;
  size_t name_cap = 0;
  while (read_field(&name, &name_cap, stdin) == 0) {
    const struct op *op = NULL;
    for (size_t i = 0; i < sizeof(OPS) / sizeof(OPS[0]); i++)
      if (strcmp(OPS[i].name, name) == 0) op = &OPS[i];
    if (op == NULL) {
      fprintf(stderr, "unknown operation %s\n", name);
      return 1;
    }
    for (int i = 0; i < op->nfields; i++) {
      if (read_field(&fields[i], &caps[i], stdin) < 0) {
        fprintf(stderr, "%s: truncated operation\n", name);
        return 1;
      }
    }
    struct fsops_error err = {0};
    if (op->run(rootfd, fields, &err) < 0) printf("error %d %s\n", err.errnum, err.msg);
    else fputs("ok\n", stdout);
    fflush(stdout);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: tscompose-fsops apply|xattrs ROOT\n");
    return 2;
  }
  umask(0);
  if (strcmp(argv[1], "apply") == 0) return apply(argv[2]);
  if (strcmp(argv[1], "xattrs") == 0) {
    struct fsops_error err = {0};
    if (list_xattrs(argv[2], &err) < 0) {
      fprintf(stderr, "%s\n", err.msg);
      return 1;
    }
    return 0;
  }
  fprintf(stderr, "unknown mode %s\n", argv[1]);
  return 2;
}
