/* Shared declarations of tscompose-fsops (see main.c). */
#ifndef TSCOMPOSE_FSOPS_H
#define TSCOMPOSE_FSOPS_H

#include <stddef.h>

/* crun's convention: functions return a negative value and fill this. */
struct fsops_error {
  int errnum;
  char msg[4096];
};

int fsops_error_set(struct fsops_error *err, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Opens the parent directory of path beneath rootfd, refusing symlinks and
 * "..", and returns its fd (O_PATH); *base points at the last component. */
int open_parent(int rootfd, const char *path, const char **base, struct fsops_error *err);

/* The operations of "apply" mode; argv are the op's fields. */
int op_mknod(int rootfd, char **f, struct fsops_error *err);
int op_whiteout(int rootfd, char **f, struct fsops_error *err);
int op_opaque(int rootfd, char **f, struct fsops_error *err);
int op_xattr(int rootfd, char **f, struct fsops_error *err);

/* "xattrs" mode: every xattr under root, as path\0name\0hex\0 records. */
int list_xattrs(const char *root, struct fsops_error *err);

#endif
