/*
 * The attach socket: a unix stream socket in the container's run directory.
 * Both directions carry frames like Docker's stdcopy stream:
 *   byte 0     stream: 0 stdin, 1 stdout, 2 stderr, 3 exit, 4 stdin EOF, 5 resize
 *   bytes 1-3  zero
 *   bytes 4-7  payload length, big endian
 * Clients send stdin (0), stdin EOF (4) and resize (5: rows and columns as
 * two big-endian 16-bit numbers); the monitor sends stdout (1) and stderr (2)
 * from the moment a client connects, and when the container has exited, one
 * exit frame (3) whose payload is the exit file's JSON, then closes.
 * A client that falls more than 1 MiB behind is disconnected rather than
 * allowed to stall the container.
 */
#ifndef TSCM_ATTACH_H
#define TSCM_ATTACH_H
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include "util.h"

#define MAX_CLIENTS 16
enum { ST_STDIN = 0, ST_STDOUT = 1, ST_STDERR = 2, ST_EXIT = 3, ST_STDIN_EOF = 4, ST_RESIZE = 5 };

struct client;

struct attach {
  int listen_fd;
  struct client *clients[MAX_CLIENTS];
};

struct attach_handlers {
  void (*stdin_data)(void *ctx, const char *data, size_t len);
  void (*stdin_eof)(void *ctx);
  void (*resize)(void *ctx, unsigned rows, unsigned cols);
  void *ctx;
};

int attach_listen(struct attach *a, const char *path, struct merr *e);
/* Adds the listening socket and every client to fds; clients are polled for input only when want_input. */
int attach_pollfds(struct attach *a, struct pollfd *fds, int max, bool want_input);
/* Accepts, reads and writes as poll reported, starting at fds[0] (as filled by attach_pollfds). */
void attach_handle(struct attach *a, const struct pollfd *fds, int n, const struct attach_handlers *h);
/* Takes every connection waiting in the backlog: called before output is sent, so a client that connected before the container wrote gets it. */
void attach_accept(struct attach *a);
void attach_send(struct attach *a, int stream, const char *data, size_t len);
/* Sends what is pending (blocking, bounded by timeout_ms) and closes every client and the socket. */
void attach_finish(struct attach *a, int timeout_ms);

#endif
