#include "sync.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

ssize_t sync_recv(int fd, struct sync_msg *m, int *fd_out) {
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } ctl;
  struct iovec iov = {m, sizeof *m - 1};
  struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf};
  ssize_t n;
  if (fd_out) *fd_out = -1;
  do n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  if (n <= 0) return n;
  ((char *)m)[n] = '\0';
  for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && fd_out) memcpy(fd_out, CMSG_DATA(c), sizeof(int));
  return n;
}

int sync_send(int fd, uint32_t type, int32_t a, const char *text, size_t len, int pass_fd) {
  struct sync_msg m;
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } ctl;
  m.type = type;
  m.a = a;
  if (len > sizeof m.text - 1) len = sizeof m.text - 1;
  if (text) memcpy(m.text, text, len);
  m.text[len] = '\0';
  struct iovec iov = {&m, offsetof(struct sync_msg, text) + len + 1};
  struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
  if (pass_fd >= 0) {
    memset(&ctl, 0, sizeof ctl);
    mh.msg_control = ctl.buf;
    mh.msg_controllen = sizeof ctl.buf;
    struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &pass_fd, sizeof(int));
  }
  ssize_t n;
  do n = sendmsg(fd, &mh, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  return n < 0 ? -1 : 0;
}

int sync_expect(int fd, uint32_t type, struct sync_msg *m, struct rt_err *e) {
  ssize_t n = sync_recv(fd, m, NULL);
  if (n < 0) return rt_errf(e, errno, "read from the runtime sync socket");
  if (n == 0) return rt_errf(e, 0, "the runtime sync socket closed unexpectedly");
  if (m->type == SYNC_ERROR) {
    e->status = m->a ? m->a : 1;
    return rt_errf(e, 0, "%s", m->text);
  }
  if (m->type != type) return rt_errf(e, 0, "runtime sync: expected message %u, got %u", type, m->type);
  return 0;
}
