/* process.terminal: the container process opens a pty on its own devpts
 * (so the pts number is the container's), makes the slave its controlling
 * terminal and stdio, binds it over /dev/console, and sends the master to the
 * parent, which hands it to --console-socket with SCM_RIGHTS (what conmon
 * and podman expect from runc and crun). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "container.h"
#include "sync.h"
#include "util.h"

int terminal_setup(struct container *c, struct rt_err *e) {
  int master = open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0) master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0) return rt_errf(e, errno, "open /dev/ptmx");
  int unlock = 0, n = 0;
  if (ioctl(master, TIOCSPTLCK, &unlock) < 0 || ioctl(master, TIOCGPTN, &n) < 0) {
    close(master);
    return rt_errf(e, errno, "unlock the pty");
  }
  int slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY);
  char name[64];
  snprintf(name, sizeof name, "/dev/pts/%d", n);
  if (slave < 0) slave = open(name, O_RDWR | O_NOCTTY);
  if (slave < 0) {
    close(master);
    return rt_errf(e, errno, "open %s", name);
  }
  if (c->proc->has_console_size) {
    struct winsize ws = {.ws_row = c->proc->console_h, .ws_col = c->proc->console_w};
    ioctl(slave, TIOCSWINSZ, &ws);
  }
  if (!c->exec_mode && mount(name, "/dev/console", NULL, MS_BIND, NULL) < 0 && errno != ENOENT) {
    close(master);
    close(slave);
    return rt_errf(e, errno, "bind %s on /dev/console", name);
  }
  int rc = sync_send(c->sync_fd, SYNC_PTY, 0, name, strlen(name), master);
  close(master);
  if (rc < 0) {
    close(slave);
    return rt_errf(e, errno, "send the pty master to the runtime");
  }
  if (ioctl(slave, TIOCSCTTY, 0) < 0) {
    close(slave);
    return rt_errf(e, errno, "make %s the controlling terminal", name);
  }
  for (int fd = 0; fd < 3; fd++)
    if (dup2(slave, fd) < 0) return rt_errf(e, errno, "dup2 the pty");
  if (slave > 2) close(slave);
  return 0;
}

int terminal_send(const char *socket_path, int master, struct rt_err *e) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(socket_path) >= sizeof addr.sun_path)
    return rt_errf(e, ENAMETOOLONG, "--console-socket %s", socket_path);
  strcpy(addr.sun_path, socket_path);
  int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s < 0) return rt_errf(e, errno, "socket");
  if (connect(s, (struct sockaddr *)&addr, sizeof addr) < 0) {
    close(s);
    return rt_errf(e, errno, "connect to --console-socket %s", socket_path);
  }
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } ctl;
  memset(&ctl, 0, sizeof ctl);
  char name[] = "/dev/ptmx";
  struct iovec iov = {name, sizeof name - 1};
  struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf};
  struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &master, sizeof(int));
  ssize_t n = sendmsg(s, &mh, MSG_NOSIGNAL);
  int saved = errno;
  close(s);
  if (n < 0) return rt_errf(e, saved, "send the pty to --console-socket %s", socket_path);
  return 0;
}
