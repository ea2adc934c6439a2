#include "console.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

int unix_listen(const char *path, int backlog, struct merr *e) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof addr.sun_path) return merr_set(e, ENAMETOOLONG, "bind %s", path);
  strcpy(addr.sun_path, path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return merr_set(e, errno, "socket %s", path);
  unlink(path);
  mode_t old = umask(0077);
  int r = bind(fd, (struct sockaddr *)&addr, sizeof addr);
  umask(old);
  if (r < 0 || listen(fd, backlog) < 0) {
    int err = errno;
    close(fd);
    return merr_set(e, err, "listen %s", path);
  }
  return fd;
}

int console_listen(const char *path, struct merr *e) { return unix_listen(path, 1, e); }

static int receive_fd(int conn, struct merr *e) {
  char byte = 0;
  struct iovec iov = {.iov_base = &byte, .iov_len = 1};
  union {
    struct cmsghdr h;
    char buf[CMSG_SPACE(sizeof(int))];
  } u;
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
  ssize_t r;
  do r = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
  while (r < 0 && errno == EINTR);
  if (r < 0) return merr_set(e, errno, "recvmsg console socket");
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  if (c == NULL || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) return merr_set(e, 0, "console socket: the runtime sent no terminal");
  int fd;
  memcpy(&fd, CMSG_DATA(c), sizeof fd);
  return fd;
}

int console_receive(int listen_fd, int timeout_ms, struct merr *e) {
  struct pollfd p = {.fd = listen_fd, .events = POLLIN};
  int r;
  do r = poll(&p, 1, timeout_ms);
  while (r < 0 && errno == EINTR);
  if (r < 0) return merr_set(e, errno, "poll console socket");
  if (r == 0) return merr_set(e, ETIMEDOUT, "console socket: the runtime did not send a terminal");
  int conn = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
  if (conn < 0) return merr_set(e, errno, "accept console socket");
  struct pollfd q = {.fd = conn, .events = POLLIN};
  do r = poll(&q, 1, timeout_ms);
  while (r < 0 && errno == EINTR);
  int fd = r > 0 ? receive_fd(conn, e) : merr_set(e, ETIMEDOUT, "console socket: no terminal received");
  close(conn);
  return fd;
}
