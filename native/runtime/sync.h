/* Messages between the runtime parent and the container process over one
 * SOCK_SEQPACKET socketpair (crun's pattern): message boundaries come free,
 * file descriptors travel with SCM_RIGHTS, and EOF means the peer exited or
 * exec'd (the socket is close-on-exec). */
#ifndef RT_SYNC_H
#define RT_SYNC_H

#include <stdint.h>
#include <sys/types.h>

#include "error.h"

enum sync_type {
  SYNC_GO = 1,        /* parent: cgroup joined, rlimits set; stage 1 may proceed */
  SYNC_USERMAP,       /* child: write my uid/gid maps (a = pid) */
  SYNC_USERMAP_DONE,  /* parent */
  SYNC_PID,           /* child: the container process is pid a (as the parent sees it) */
  SYNC_GO2,           /* parent: the container process may proceed; text = state JSON */
  SYNC_HOOKS,         /* child: mounts done, run prestart and createRuntime hooks */
  SYNC_HOOKS_DONE,    /* parent */
  SYNC_PTY,           /* child: the terminal's master, with the fd attached */
  SYNC_LOG,           /* child: text = "level\0message" */
  SYNC_ERROR,         /* child: a = exit status, text = message */
  SYNC_READY,         /* child: about to wait for start */
  SYNC_START,         /* parent (run): go ahead and exec */
};

struct sync_msg {
  uint32_t type;
  int32_t a;
  char text[65536];
};

int sync_send(int fd, uint32_t type, int32_t a, const char *text, size_t len, int pass_fd);
/* Returns bytes received (0 = EOF) or -1; *fd_out gets an attached fd or -1. */
ssize_t sync_recv(int fd, struct sync_msg *m, int *fd_out);
/* Receives one message of the given type; an ERROR becomes e, EOF an error too. */
int sync_expect(int fd, uint32_t type, struct sync_msg *m, struct rt_err *e);

#endif
