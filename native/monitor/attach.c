#include "attach.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "console.h"

#define IN_MAX (8 + 65536)
#define OUT_MAX (1 << 20)

struct client {
  int fd;
  size_t in_len;
  char in[IN_MAX];
  char *out;
  size_t out_len;
  size_t out_cap;
};

int attach_listen(struct attach *a, const char *path, struct merr *e) {
  memset(a, 0, sizeof *a);
  a->listen_fd = unix_listen(path, MAX_CLIENTS, e);
  return a->listen_fd < 0 ? -1 : 0;
}

static void drop(struct attach *a, int i) {
  struct client *c = a->clients[i];
  if (c == NULL) return;
  close(c->fd);
  free(c->out);
  free(c);
  a->clients[i] = NULL;
}

/* Returns false when nothing was waiting (EAGAIN) or there is no room. */
static bool accept_one(struct attach *a) {
  int fd = accept4(a->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
  if (fd < 0) return false;
  for (int i = 0; i < MAX_CLIENTS; i++) {
    if (a->clients[i] != NULL) continue;
    struct client *c = calloc(1, sizeof *c);
    if (c == NULL) break;
    c->fd = fd;
    a->clients[i] = c;
    return true;
  }
  close(fd);
  return false;
}

void attach_accept(struct attach *a) {
  while (accept_one(a)) {
  }
}

static bool queue(struct client *c, const char *data, size_t len) {
  if (c->out_len + len > OUT_MAX) return false;
  if (c->out_len + len > c->out_cap) {
    size_t cap = c->out_cap == 0 ? 16384 : c->out_cap;
    while (cap < c->out_len + len) cap *= 2;
    char *p = realloc(c->out, cap);
    if (p == NULL) return false;
    c->out = p;
    c->out_cap = cap;
  }
  memcpy(c->out + c->out_len, data, len);
  c->out_len += len;
  return true;
}

/* Returns false when the client is gone. */
static bool flush(struct client *c) {
  while (c->out_len > 0) {
    ssize_t w = send(c->fd, c->out, c->out_len, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return errno == EAGAIN;
    memmove(c->out, c->out + w, c->out_len - (size_t)w);
    c->out_len -= (size_t)w;
  }
  return true;
}

void attach_send(struct attach *a, int stream, const char *data, size_t len) {
  unsigned char head[8] = {(unsigned char)stream, 0, 0, 0, (unsigned char)(len >> 24), (unsigned char)(len >> 16), (unsigned char)(len >> 8), (unsigned char)len};
  for (int i = 0; i < MAX_CLIENTS; i++) {
    struct client *c = a->clients[i];
    if (c == NULL) continue;
    if (!queue(c, (const char *)head, 8) || !queue(c, data, len) || !flush(c)) drop(a, i);
  }
}

static void dispatch(int stream, const char *p, size_t len, const struct attach_handlers *h) {
  if (stream == ST_STDIN && h->stdin_data != NULL) h->stdin_data(h->ctx, p, len);
  else if (stream == ST_STDIN_EOF && h->stdin_eof != NULL) h->stdin_eof(h->ctx);
  else if (stream == ST_RESIZE && len == 4 && h->resize != NULL) {
    const unsigned char *u = (const unsigned char *)p;
    h->resize(h->ctx, (unsigned)(u[0] << 8 | u[1]), (unsigned)(u[2] << 8 | u[3]));
  }
}

/* Returns false when the client is gone or broke the framing. */
static bool read_frames(struct client *c, const struct attach_handlers *h) {
  ssize_t r;
  do r = recv(c->fd, c->in + c->in_len, IN_MAX - c->in_len, 0);
  while (r < 0 && errno == EINTR);
  if (r < 0) return errno == EAGAIN;
  if (r == 0) return false;
  c->in_len += (size_t)r;
  size_t off = 0;
  while (c->in_len - off >= 8) {
    const unsigned char *u = (const unsigned char *)c->in + off;
    uint32_t len = (uint32_t)u[4] << 24 | (uint32_t)u[5] << 16 | (uint32_t)u[6] << 8 | u[7];
    if (len > IN_MAX - 8) return false;
    if (c->in_len - off < 8 + (size_t)len) break;
    dispatch(u[0], c->in + off + 8, len, h);
    off += 8 + len;
  }
  memmove(c->in, c->in + off, c->in_len - off);
  c->in_len -= off;
  return true;
}

int attach_pollfds(struct attach *a, struct pollfd *fds, int max, bool want_input) {
  int n = 0;
  fds[n++] = (struct pollfd){.fd = a->listen_fd, .events = POLLIN};
  for (int i = 0; i < MAX_CLIENTS && n < max; i++) {
    struct client *c = a->clients[i];
    short ev = (short)((want_input ? POLLIN : 0) | (c != NULL && c->out_len > 0 ? POLLOUT : 0));
    fds[n++] = (struct pollfd){.fd = c == NULL ? -1 : c->fd, .events = ev};
  }
  return n;
}

void attach_handle(struct attach *a, const struct pollfd *fds, int n, const struct attach_handlers *h) {
  if (n > 0 && (fds[0].revents & POLLIN)) accept_one(a);
  for (int i = 0; i + 1 < n && i < MAX_CLIENTS; i++) {
    struct client *c = a->clients[i];
    short re = fds[i + 1].revents;
    if (c == NULL || fds[i + 1].fd != c->fd || re == 0) continue;
    bool ok = true;
    if (re & POLLIN) ok = read_frames(c, h);
    else if (re & (POLLHUP | POLLERR)) ok = false;
    if (ok && (re & POLLOUT)) ok = flush(c);
    if (!ok) drop(a, i);
  }
}

void attach_finish(struct attach *a, int timeout_ms) {
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (int i = 0; i < MAX_CLIENTS; i++) {
    struct client *c = a->clients[i];
    if (c == NULL) continue;
    for (;;) {
      if (!flush(c) || c->out_len == 0) break;
      clock_gettime(CLOCK_MONOTONIC, &now);
      long ms = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
      if (ms >= timeout_ms) break;
      struct pollfd p = {.fd = c->fd, .events = POLLOUT};
      poll(&p, 1, (int)(timeout_ms - ms));
    }
    shutdown(c->fd, SHUT_RDWR);
    drop(a, i);
  }
  if (a->listen_fd >= 0) close(a->listen_fd);
  a->listen_fd = -1;
}
