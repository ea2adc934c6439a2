/* create and run. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "create.h"
#include "log.h"
#include "sync.h"

static int parse_create(struct global *g, int argc, char **argv, const char *cmd, struct create_opts *o,
                        struct rt_err *e) {
  memset(o, 0, sizeof *o);
  o->root = g->root;
  const struct opt opts[] = {
      {"bundle", 'b', OPT_STR, &o->bundle},
      {"pid-file", 0, OPT_STR, &o->pid_file},
      {"console-socket", 0, OPT_STR, &o->console_socket},
      {"no-new-keyring", 0, OPT_BOOL, &o->no_new_keyring},
      {"no-pivot", 0, OPT_BOOL, &o->no_pivot},
      {"preserve-fds", 0, OPT_INT, &o->preserve_fds},
      {"detach", 'd', OPT_BOOL, &o->detach},
      {NULL, 0, 0, NULL},
  };
  int idx = 0;
  if (parse_opts(argc, argv, &idx, opts, cmd, e) < 0) return -1;
  if (o->preserve_fds < 0) return rt_errf(e, 0, "%s: --preserve-fds must not be negative", cmd);
  if (o->no_pivot) log_warn("--no-pivot is not supported; using pivot_root");
  return need_id(argc, argv, idx, cmd, &o->id, e);
}

int cmd_create(struct global *g, int argc, char **argv) {
  struct create_opts o;
  struct created cr;
  struct rt_err e = {0};
  if (parse_create(g, argc, argv, "create", &o, &e) < 0) return report(&e);
  if (container_create(&o, &cr, &e) < 0) return report(&e);
  return 0;
}

/* Copies between our terminal and the container's pty while it runs. */
static void pump(int from, int to) {
  char buf[8192];
  ssize_t n = read(from, buf, sizeof buf);
  if (n > 0) (void)write_all(to, buf, (size_t)n);
}

static int wait_container(struct created *cr, int sfd) {
  struct termios saved;
  bool raw = cr->pty_master >= 0 && isatty(0) && tcgetattr(0, &saved) == 0;
  if (raw) {
    struct termios t = saved;
    cfmakeraw(&t);
    tcsetattr(0, TCSANOW, &t);
  }
  int status = 0;
  for (;;) {
    struct pollfd p[3] = {{sfd, POLLIN, 0}, {cr->pty_master, POLLIN, 0}, {cr->pty_master >= 0 ? 0 : -1, POLLIN, 0}};
    if (poll(p, 3, -1) < 0 && errno != EINTR) break;
    if (p[1].revents & POLLIN) pump(cr->pty_master, 1);
    if (p[2].revents & POLLIN) pump(0, cr->pty_master);
    if (p[2].revents & (POLLHUP | POLLERR)) p[2].fd = -1;
    if (!(p[0].revents & POLLIN)) continue;
    struct signalfd_siginfo si;
    if (read(sfd, &si, sizeof si) != sizeof si) continue;
    if (si.ssi_signo != SIGCHLD) {
      kill(cr->pid, (int)si.ssi_signo);
      continue;
    }
    pid_t w;
    bool done = false;
    while ((w = waitpid(-1, &status, WNOHANG)) > 0)
      if (w == cr->pid) done = true;
    if (done) break;
  }
  if (cr->pty_master >= 0) {
    for (int i = 0; i < 100; i++) {
      struct pollfd p = {cr->pty_master, POLLIN, 0};
      if (poll(&p, 1, 0) <= 0 || !(p.revents & POLLIN)) break;
      pump(cr->pty_master, 1);
    }
  }
  if (raw) tcsetattr(0, TCSANOW, &saved);
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

/* After START the socket either closes (execve succeeded: close-on-exec) or
 * carries the exec error, with Docker's 126/127. */
static int exec_result(struct created *cr, struct rt_err *e) {
  struct sync_msg *m = xmalloc(sizeof *m);
  ssize_t n = sync_recv(cr->sync_fd, m, NULL);
  int rc = 0;
  if (n > 0 && m->type == SYNC_ERROR) {
    e->status = m->a;
    rc = rt_errf(e, 0, "%s", m->text);
  }
  free(m);
  close(cr->sync_fd);
  cr->sync_fd = -1;
  return rc;
}

int cmd_run(struct global *g, int argc, char **argv) {
  struct create_opts o;
  struct created cr;
  struct rt_err e = {0};
  if (parse_create(g, argc, argv, "run", &o, &e) < 0) return report(&e);
  o.run_mode = true;
  /* Signals wait in a signalfd from now on, so none is lost before the
   * container exists; the container process resets its mask. */
  sigset_t all;
  sigfillset(&all);
  sigdelset(&all, SIGSEGV);
  sigdelset(&all, SIGBUS);
  sigdelset(&all, SIGILL);
  sigdelset(&all, SIGFPE);
  sigprocmask(SIG_BLOCK, &all, NULL);
  int sfd = o.detach ? -1 : signalfd(-1, &all, SFD_CLOEXEC);
  if (!o.detach && sfd < 0) {
    rt_errf(&e, errno, "signalfd");
    return report(&e);
  }
  if (!o.detach) prctl(PR_SET_CHILD_SUBREAPER, 1);
  if (container_create(&o, &cr, &e) < 0) return report(&e);
  if (container_start_now(&cr, &e) < 0 || exec_result(&cr, &e) < 0) {
    int status = e.status;
    report(&e);
    struct rt_err de = {0};
    if (container_delete(&cr.st, true, &de) < 0) log_warn("%s", de.msg);
    return status ? status : 1;
  }
  if (o.detach) return 0;
  int status = wait_container(&cr, sfd);
  struct rt_err de = {0};
  if (container_delete(&cr.st, true, &de) < 0) report(&de);
  return status;
}
