/* Error reporting in crun's style (return -1, fill a struct with errno and a
 * message that names the path) and the small I/O helpers every part uses. */
#ifndef TSCM_UTIL_H
#define TSCM_UTIL_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct merr {
  int errnum;
  char msg[1024];
};

/* Fills e ("what: strerror(errnum)" when errnum != 0) and returns -1. */
int merr_set(struct merr *e, int errnum, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Writes everything, retrying on EINTR; for blocking fds. */
int write_all(int fd, const void *buf, size_t len);
int set_nonblock(int fd, bool on);
/* Writes path atomically: path.tmp, fsync, rename. */
int write_file_atomic(const char *path, const char *data, size_t len, struct merr *e);
/* Reads at most size-1 bytes and NUL-terminates; returns the length or -1. */
ssize_t read_small_file(const char *path, char *buf, size_t size);
/* Reads whatever a non-blocking fd holds right now, up to size-1 bytes. */
size_t drain_fd(int fd, char *buf, size_t size);
/* RFC 3339 with nanoseconds, UTC: 2025-12-01T19:02:03.123456789Z */
void rfc3339_now(char out[40]);
/* Appends s as a JSON string literal (with quotes) to out; returns the new length. */
size_t json_string(char *out, size_t cap, size_t len, const char *s, size_t slen);
/* Sets every signal back to its default and unblocks all, for a child about to exec. */
void reset_signals(void);

#endif
