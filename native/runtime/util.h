/* Small helpers every module uses: allocation that cannot fail (the process is
 * short-lived; running out of memory aborts), files read and written whole,
 * a growable string buffer, and path helpers. */
#ifndef RT_UTIL_H
#define RT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct sbuf {
  char *p;
  size_t len, cap;
};
void sbuf_putn(struct sbuf *b, const char *s, size_t n);
void sbuf_puts(struct sbuf *b, const char *s);
void sbuf_putc(struct sbuf *b, char c);
void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s as a JSON string literal, quotes included. */
void sbuf_json_str(struct sbuf *b, const char *s);
char *sbuf_take(struct sbuf *b);

/* Reads all of path (NUL-terminated; len excludes the NUL). */
int read_file(const char *path, char **out, size_t *len, struct rt_err *e);
int read_fd_all(int fd, char **out, size_t *len);
int write_file(const char *path, const char *data, size_t len, int flags, mode_t mode, struct rt_err *e);
/* Writes path through a temporary file and rename(2), so readers never see half. */
int write_file_atomic(const char *path, const char *data, size_t len, mode_t mode, struct rt_err *e);
/* Writes a short string to an existing file, as into procfs, cgroupfs or sysctl. */
int write_str(const char *path, const char *s, struct rt_err *e);
ssize_t write_all(int fd, const void *buf, size_t n);
int mkdir_p(const char *path, mode_t mode, struct rt_err *e);
bool path_exists(const char *path);
bool is_dir(const char *path);
char *path_join(const char *a, const char *b);
/* Parses a decimal unsigned integer that must fill s entirely. */
int parse_u64(const char *s, uint64_t *out);
int parse_i64(const char *s, int64_t *out);
/* Field 22 of /proc/PID/stat: distinguishes a live process from a reused pid. */
unsigned long long proc_start_time(pid_t pid, char *state_out);
/* Sets FD_CLOEXEC on every fd >= lowfd. */
int cloexec_from(int lowfd);
int64_t now_ns(void);
void rfc3339_now(char *buf, size_t n);

#endif
