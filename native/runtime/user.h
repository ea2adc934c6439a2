/* What the container's own files say about its user and program: HOME from
 * its /etc/passwd when the config sets none (as runc does), and the
 * executable found the way Go's exec.LookPath finds it, so a missing or
 * non-executable program fails with Docker's words and exit codes
 * (127: `exec: "x": executable file not found in $PATH`; 126: permission denied). */
#ifndef RT_USER_H
#define RT_USER_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* NULL when there is no entry for uid. */
char *passwd_home(uint32_t uid);
/* Resolves args0 against PATH in env; fills e with Docker's message and status. */
char *lookup_executable(const char *args0, char **env, struct rt_err *e);
/* The message and status for a failed execve(2) of path. */
int exec_failure(const char *path, int err, struct rt_err *e);
/* NAME's value in a NULL-terminated environment, or NULL. */
const char *env_get(char **env, const char *name);

/* v (n entries) followed by add, NULL-terminated; n grows by nadd. */
char **strv_append(char **v, size_t *n, const char **add, size_t nadd);

#endif
