/* `payload recvtty SOCKET`, run on the host: the other end of a runtime's
 * --console-socket. It accepts one connection, takes the pty master sent
 * with SCM_RIGHTS, and copies what the container writes to stdout until the
 * terminal closes. Node cannot receive file descriptors, so tests use this. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "payload.h"

static int receive_fd(int conn) {
  char data[256];
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } ctl;
  struct iovec iov = {data, sizeof data};
  struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf};
  if (recvmsg(conn, &mh, 0) < 0) return -1;
  struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
  if (!c || c->cmsg_type != SCM_RIGHTS) return -1;
  int fd;
  memcpy(&fd, CMSG_DATA(c), sizeof fd);
  return fd;
}

int cmd_recvtty(int argc, char **argv) {
  if (argc < 1) return 2;
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  snprintf(addr.sun_path, sizeof addr.sun_path, "%s", argv[0]);
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  unlink(argv[0]);
  if (s < 0 || bind(s, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(s, 1) < 0) {
    perror("recvtty: listen");
    return 1;
  }
  int conn = accept(s, NULL, NULL);
  int master = conn < 0 ? -1 : receive_fd(conn);
  if (master < 0) {
    perror("recvtty: receive the pty");
    return 1;
  }
  close(conn);
  close(s);
  unlink(argv[0]);
  char buf[4096];
  for (;;) {
    ssize_t n = read(master, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break; /* EIO once the container's side is closed */
    fwrite(buf, 1, (size_t)n, stdout);
    fflush(stdout);
  }
  return 0;
}
