/*
 * The container log, one line per output line in CRI's format:
 *   <RFC 3339 UTC with ns> <stdout|stderr> <F|P> <text>\n
 * F marks a complete line (its newline removed), P a fragment that was cut
 * off because the program wrote no newline (yet); readers join P pieces with
 * the next F. With --log-max-size, the file is rotated before a line would
 * make it bigger: FILE -> FILE.1 -> ... -> FILE.(max-files - 1); with one
 * file it is started afresh as a new file (so that followers see the change),
 * dropping the old content as Docker's json-file driver does.
 */
#ifndef TSCM_LOG_H
#define TSCM_LOG_H
#include <stddef.h>
#include "util.h"

struct logw {
  int fd;
  const char *path;
  long long size;
  long long max_size;
  int max_files;
};

int logw_open(struct logw *l, const char *path, long long max_size, int max_files, struct merr *e);
/* Logs a chunk read from the container; every \n ends an F line, a trailing rest is a P line. */
int logw_write(struct logw *l, const char *stream, const char *data, size_t len, struct merr *e);
void logw_close(struct logw *l);

#endif
