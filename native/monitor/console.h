/* The --console-socket through which a runtime hands over a pty master. */
#ifndef TSCM_CONSOLE_H
#define TSCM_CONSOLE_H
#include "util.h"

/* Listens on path (relative to the working directory when too long for sun_path). */
int console_listen(const char *path, struct merr *e);
/* Accepts the runtime's connection and receives the master fd (SCM_RIGHTS); waits up to timeout_ms. */
int console_receive(int listen_fd, int timeout_ms, struct merr *e);
/* Binds a listening unix stream socket; used by the attach server too. */
int unix_listen(const char *path, int backlog, struct merr *e);

#endif
