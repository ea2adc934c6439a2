/*
 * The exec helper, one per `exec` session:
 *   tscompose-monitor exec --id ID --runtime R [--runtime-arg A].. --process P --dir D
 *                          [--tty] [--stdin] [--detach] [--status-fd N]
 * runs `R A.. exec --detach --pid-file D/exec.pid --process P [--console-socket S] ID`
 * and, as a subreaper, becomes the parent of the new process, so it gets
 * the exit status whichever runtime ran it. Status lines go to the status fd
 * (one JSON object per line): {"pid":N} once the process runs, or
 * {"error":"..."} if the runtime failed (exit 125), and the exit object of
 * monitor.c when it ends; the helper then exits with the process's code.
 * Without a TTY the process gets the helper's own stdin (with --stdin) and
 * stdout; its stderr is relayed, because until the runtime has succeeded
 * that pipe carries the runtime's error message. With --tty the pty is
 * relayed both ways and the status fd also takes `resize ROWS COLS` lines.
 * --detach daemonizes first: the status goes to stdout, stdio is /dev/null
 * and the exit object is written to D/exit.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <unistd.h>
#include "common.h"
#include "console.h"
#include "monitor.h"
#include "spawn.h"

#define DRAIN_MS 2000

struct session {
  const struct options *o;
  int status_fd, sigfd, err, master;
  bool in_open;
  pid_t pid;
  int status;
  bool exited;
  char pend[4096];
  size_t pend_len;
  char ctl[256];
  size_t ctl_len;
};

static void status_line(struct session *s, const char *line, size_t len) {
  if (s->status_fd >= 0) write_all(s->status_fd, line, len);
}

static int run_runtime(struct session *s, struct merr *e) {
  int null = open("/dev/null", O_RDWR | O_CLOEXEC), p[2], console = -1;
  if (null < 0 || pipe2(p, O_CLOEXEC) < 0) return merr_set(e, errno, "open stdio");
  int in = !s->o->tty && s->o->stdin_open && !s->o->detach ? 0 : null;
  int out = !s->o->tty && !s->o->detach ? 1 : null;
  char pidfile[4096], sock[4096];
  snprintf(pidfile, sizeof pidfile, "%s/exec.pid", s->o->dir);
  if (snprintf(sock, sizeof sock, "%s/console", s->o->dir) >= 108) strcpy(sock, "console");
  if (s->o->tty && (console = console_listen("console", e)) < 0) return -1;
  const char *sub[10] = {"exec", "--detach", "--pid-file", pidfile, "--process", s->o->process};
  int k = 6;
  if (s->o->tty) {
    sub[k++] = "--console-socket";
    sub[k++] = sock;
  }
  sub[k++] = s->o->id;
  sub[k] = NULL;
  const char *argv[MAX_ARGV];
  runtime_argv(s->o, argv, sub);
  pid_t rt = spawn(argv, in, out, p[1], e);
  close(p[1]);
  close(null);
  if (rt < 0) return -1;
  int st = wait_child(rt);
  s->err = p[0];
  if (st != 0) {
    char msg[4096];
    drain_fd(p[0], msg, sizeof msg);
    return merr_set(e, 0, "%s exec failed (exit %d): %s", s->o->runtime, exit_code_of(st), msg);
  }
  if (s->o->tty) {
    s->master = console_receive(console, 5000, e);
    close(console);
    unlink("console");
    if (s->master < 0) return -1;
    set_nonblock(s->master, true);
  }
  set_nonblock(s->err, true);
  s->pid = read_pid_file(pidfile, e);
  return s->pid < 0 ? -1 : 0;
}

/* Returns false at EOF. */
static bool relay(int from, int to) {
  char buf[8192];
  ssize_t r;
  do r = read(from, buf, sizeof buf);
  while (r < 0 && errno == EINTR);
  if (r < 0 && errno == EAGAIN) return true;
  if (r <= 0) return false;
  write_all(to, buf, (size_t)r);
  return true;
}

static void control(struct session *s) {
  ssize_t r = read(s->status_fd, s->ctl + s->ctl_len, sizeof s->ctl - 1 - s->ctl_len);
  if (r <= 0) {
    s->status_fd = r == 0 ? -1 : s->status_fd;
    return;
  }
  s->ctl_len += (size_t)r;
  s->ctl[s->ctl_len] = '\0';
  char *nl;
  while ((nl = strchr(s->ctl, '\n')) != NULL) {
    unsigned rows = 0, cols = 0;
    if (sscanf(s->ctl, "resize %u %u", &rows, &cols) == 2 && s->master >= 0) {
      struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
      ioctl(s->master, TIOCSWINSZ, &ws);
    }
    size_t used = (size_t)(nl - s->ctl) + 1;
    memmove(s->ctl, nl + 1, s->ctl_len - used + 1);
    s->ctl_len -= used;
  }
  if (s->ctl_len == sizeof s->ctl - 1) s->ctl_len = 0;
}

static void stdin_to_pty(struct session *s, bool readable) {
  if (readable && s->pend_len == 0) {
    ssize_t r = read(0, s->pend, sizeof s->pend);
    if (r <= 0) s->in_open = false;
    else s->pend_len = (size_t)r;
  }
  while (s->pend_len > 0) {
    ssize_t w = write(s->master, s->pend, s->pend_len);
    if (w <= 0) break;
    memmove(s->pend, s->pend + w, s->pend_len - (size_t)w);
    s->pend_len -= (size_t)w;
  }
}

static void loop(struct session *s) {
  long long deadline = -1;
  /* Detached, fd 1 and 2 are /dev/null: output is read and dropped so the process never blocks. */
  bool relaying = true;
  for (;;) {
    if (s->exited && deadline < 0) deadline = now_ms() + DRAIN_MS;
    if (s->exited && ((s->err < 0 && s->master < 0) || now_ms() >= deadline)) return;
    struct pollfd f[6] = {
        {.fd = s->sigfd, .events = POLLIN},
        {.fd = relaying ? s->err : -1, .events = POLLIN},
        {.fd = relaying ? s->master : -1, .events = POLLIN | (s->pend_len > 0 ? POLLOUT : 0)},
        {.fd = relaying && s->master >= 0 && s->in_open && s->pend_len == 0 ? 0 : -1, .events = POLLIN},
        {.fd = s->o->tty && !s->o->detach ? s->status_fd : -1, .events = POLLIN},
    };
    int timeout = s->exited ? (int)(deadline - now_ms()) : -1;
    if (poll(f, 5, s->exited && timeout < 0 ? 0 : timeout) < 0 && errno != EINTR) return;
    if (f[0].revents) s->exited |= reap(s->sigfd, s->pid, &s->status);
    if (f[1].revents && !relay(s->err, 2)) close(s->err), s->err = -1;
    if (f[2].revents & (POLLIN | POLLHUP | POLLERR)) {
      if (!relay(s->master, 1)) close(s->master), s->master = -1;
    }
    if (s->master >= 0 && (f[3].revents || s->pend_len > 0)) stdin_to_pty(s, f[3].revents != 0);
    if (f[4].revents) control(s);
  }
}

int exec_main(const struct options *o) {
  struct merr e = {0};
  struct session s = {.o = o, .status_fd = o->status_fd, .sigfd = -1, .err = -1, .master = -1, .in_open = o->stdin_open};
  char json[8192];
  int n;
  if (chdir(o->dir) < 0) merr_set(&e, errno, "chdir %s", o->dir);
  else if (o->detach) s.status_fd = daemonize(&e);
  else prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  if (e.msg[0] != '\0' || (s.sigfd = child_signals(&e)) < 0 || run_runtime(&s, &e) < 0) {
    n = error_json(json, sizeof json, e.msg, "");
    if (s.status_fd >= 0) status_line(&s, json, (size_t)n);
    else fputs(json, o->detach ? stdout : stderr);
    return 125;
  }
  n = snprintf(json, sizeof json, "{\"pid\":%d}\n", (int)s.pid);
  status_line(&s, json, (size_t)n);
  if (o->detach) {
    close(s.status_fd);
    s.status_fd = -1;
  }
  loop(&s);
  n = exit_json(json, sizeof json, s.pid, s.status, false);
  if (o->detach) write_file_atomic("exit", json, (size_t)n, &e);
  else status_line(&s, json, (size_t)n);
  return exit_code_of(s.status);
}
