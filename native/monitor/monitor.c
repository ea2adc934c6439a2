/*
 * The per-container monitor (conmon's job), one process per container that
 * outlives the CLI which started it:
 *   tscompose-monitor --id ID --runtime R [--runtime-arg A].. --bundle B --dir D
 *                     [--log F --log-max-size N --log-max-files N] [--tty] [--stdin] [--oom-file F]
 * It runs `R A.. create --bundle B --pid-file D/pidfile [--console-socket D/console] ID`
 * with the container's stdio (pipes, or the pty the runtime sends through the
 * console socket), prints one JSON line on stdout, {"pid":N} or
 * {"error":"..."}, and its launching process exits. The monitor itself stays,
 * in its own session and as a subreaper, so the container's init becomes its
 * child: it logs the output (log.h), serves D/attach (attach.h), reaps, and
 * when the container exits writes D/exit atomically:
 *   {"version":1,"pid":N,"exitCode":N,"signal":N,"finishedAt":"RFC3339","oomKilled":bool}
 * then exits. D also holds monitor.pid. `start`, `kill`, `delete` are the
 * caller's, through the runtime directly.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "args.h"
#include "attach.h"
#include "common.h"
#include "console.h"
#include "log.h"
#include "monitor.h"
#include "spawn.h"

#define DRAIN_MS 2000

struct mon {
  const struct options *o;
  int sigfd, out, err, in;
  bool in_eof;
  char inbuf[65536];
  size_t in_len;
  struct logw log;
  struct attach at;
  pid_t pid;
  int status;
  bool exited;
  long long oom_before;
};

static void on_stdin(void *ctx, const char *data, size_t len) {
  struct mon *m = ctx;
  if (m->in < 0 || m->in_eof) return;
  size_t room = sizeof m->inbuf - m->in_len;
  if (len > room) len = room;
  memcpy(m->inbuf + m->in_len, data, len);
  m->in_len += len;
}

static void on_stdin_eof(void *ctx) {
  struct mon *m = ctx;
  if (!m->o->tty) m->in_eof = true;
}

static void on_resize(void *ctx, unsigned rows, unsigned cols) {
  struct mon *m = ctx;
  struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
  if (m->o->tty && m->out >= 0) ioctl(m->out, TIOCSWINSZ, &ws);
}

static void flush_stdin(struct mon *m) {
  while (m->in_len > 0) {
    ssize_t w = write(m->in, m->inbuf, m->in_len);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) {
      if (errno != EAGAIN) m->in_len = 0;
      break;
    }
    memmove(m->inbuf, m->inbuf + w, m->in_len - (size_t)w);
    m->in_len -= (size_t)w;
  }
  if (m->in_len == 0 && m->in_eof && m->in >= 0 && m->in != m->out) {
    close(m->in);
    m->in = -1;
  }
}

static void pump(struct mon *m, int *fd, const char *stream, int st) {
  char buf[8192];
  ssize_t r;
  do r = read(*fd, buf, sizeof buf);
  while (r < 0 && errno == EINTR);
  if (r < 0 && errno == EAGAIN) return;
  if (r <= 0) {
    if (m->in == *fd) m->in = -1;
    close(*fd);
    *fd = -1;
    return;
  }
  struct merr e;
  if (logw_write(&m->log, stream, buf, (size_t)r, &e) < 0) dprintf(2, "%s\n", e.msg);
  attach_send(&m->at, st, buf, (size_t)r);
}

static void loop(struct mon *m) {
  struct attach_handlers h = {on_stdin, on_stdin_eof, on_resize, m};
  long long deadline = -1;
  for (;;) {
    if (m->exited && deadline < 0) deadline = now_ms() + DRAIN_MS;
    if (m->exited && ((m->out < 0 && m->err < 0) || now_ms() >= deadline)) return;
    struct pollfd fds[5 + MAX_CLIENTS + 1];
    fds[0] = (struct pollfd){.fd = m->sigfd, .events = POLLIN};
    fds[1] = (struct pollfd){.fd = m->out, .events = POLLIN};
    fds[2] = (struct pollfd){.fd = m->err, .events = POLLIN};
    fds[3] = (struct pollfd){.fd = m->in_len > 0 && m->in != m->out ? m->in : -1, .events = POLLOUT};
    int na = attach_pollfds(&m->at, fds + 4, MAX_CLIENTS + 1, m->in_len == 0);
    int timeout = m->exited ? (int)(deadline - now_ms()) : -1;
    if (poll(fds, (nfds_t)(4 + na), timeout < 0 && m->exited ? 0 : timeout) < 0 && errno != EINTR) return;
    if (fds[0].revents & POLLIN) m->exited |= reap(m->sigfd, m->pid, &m->status);
    /* Clients first: one that attached before the start (run) must not miss the first output. */
    if (na > 0 && (fds[4].revents & POLLIN)) attach_accept(&m->at);
    if (fds[1].revents) pump(m, &m->out, "stdout", ST_STDOUT);
    if (fds[2].revents) pump(m, &m->err, "stderr", ST_STDERR);
    attach_handle(&m->at, fds + 4, na, &h);
    if (m->in >= 0 && (m->in_len > 0 || m->in_eof)) flush_stdin(m);
  }
}

static void finish(struct mon *m) {
  char json[512];
  /* The socket goes first: a new monitor for the next start may bind the same name right after the record appears. */
  unlink("attach");
  close(m->at.listen_fd);
  m->at.listen_fd = -1;
  bool oom = oom_kills(m->o->oom_file) > m->oom_before;
  int n = exit_json(json, sizeof json, m->pid, m->status, oom);
  struct merr e;
  if (write_file_atomic("exit", json, (size_t)n, &e) < 0) dprintf(2, "%s\n", e.msg);
  attach_send(&m->at, ST_EXIT, json, (size_t)n);
  attach_finish(&m->at, 1000);
  logw_close(&m->log);
}

/* Pipes (or /dev/null) for the runtime and the container; fills child[] and the monitor's ends. */
static int stdio_pipes(struct mon *m, int child[3], int *errpipe, struct merr *e) {
  int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null < 0) return merr_set(e, errno, "open /dev/null");
  int p[2];
  child[0] = child[1] = child[2] = null;
  if (!m->o->tty) {
    if (pipe2(p, O_CLOEXEC) < 0) return merr_set(e, errno, "pipe");
    m->out = p[0];
    child[1] = p[1];
    if (m->o->stdin_open) {
      if (pipe2(p, O_CLOEXEC) < 0) return merr_set(e, errno, "pipe");
      child[0] = p[0];
      m->in = p[1];
    }
  }
  if (pipe2(p, O_CLOEXEC) < 0) return merr_set(e, errno, "pipe");
  *errpipe = p[0];
  child[2] = p[1];
  return 0;
}

static int create(struct mon *m, struct merr *e) {
  int child[3], errpipe = -1, console = -1;
  if (stdio_pipes(m, child, &errpipe, e) < 0) return -1;
  char sock[4096], pidfile[4096];
  snprintf(pidfile, sizeof pidfile, "%s/pidfile", m->o->dir);
  int len = snprintf(sock, sizeof sock, "%s/console", m->o->dir);
  if (len >= 108) strcpy(sock, "console");
  if (m->o->tty && (console = console_listen("console", e)) < 0) return -1;
  const char *sub[9] = {"create", "--bundle", m->o->bundle, "--pid-file", pidfile};
  int k = 5;
  if (m->o->tty) {
    sub[k++] = "--console-socket";
    sub[k++] = sock;
  }
  sub[k++] = m->o->id;
  sub[k] = NULL;
  const char *argv[MAX_ARGV];
  runtime_argv(m->o, argv, sub);
  pid_t rt = spawn(argv, child[0], child[1], child[2], e);
  for (int i = 0; i < 3; i++)
    if (i == 0 || child[i] != child[0]) close(child[i]);
  if (rt < 0) return -1;
  int status = wait_child(rt);
  if (status != 0) {
    char msg[4096];
    drain_fd(errpipe, msg, sizeof msg);
    if (m->out >= 0 && !m->o->tty) drain_fd(m->out, msg + strlen(msg), sizeof msg - strlen(msg));
    return merr_set(e, 0, "%s create failed (exit %d): %s", m->o->runtime, exit_code_of(status), msg);
  }
  if (m->o->tty) {
    m->out = console_receive(console, 5000, e);
    close(console);
    unlink("console");
    if (m->out < 0) return -1;
    if (m->o->stdin_open) m->in = m->out;
  }
  m->err = errpipe;
  set_nonblock(m->out, true);
  set_nonblock(m->err, true);
  if (m->in >= 0) set_nonblock(m->in, true);
  m->pid = read_pid_file(pidfile, e);
  return m->pid < 0 ? -1 : 0;
}

static int start_monitor(struct mon *m, int sync, struct merr *e) {
  char buf[64];
  int n = snprintf(buf, sizeof buf, "%d\n", (int)getpid());
  if (write_file_atomic("monitor.pid", buf, (size_t)n, e) < 0) return -1;
  if ((m->sigfd = child_signals(e)) < 0) return -1;
  if (m->o->log_path != NULL && logw_open(&m->log, m->o->log_path, m->o->log_max_size, m->o->log_max_files, e) < 0) return -1;
  if (attach_listen(&m->at, "attach", e) < 0) return -1;
  if (create(m, e) < 0) return -1;
  m->oom_before = oom_kills(m->o->oom_file);
  n = snprintf(buf, sizeof buf, "{\"pid\":%d}\n", (int)m->pid);
  write_all(sync, buf, (size_t)n);
  close(sync);
  return 0;
}

int monitor_main(const struct options *o) {
  struct merr e = {0};
  char json[8192];
  int sync = chdir(o->dir) < 0 ? merr_set(&e, errno, "chdir %s", o->dir) : daemonize(&e);
  if (sync < 0) {
    error_json(json, sizeof json, e.msg, "");
    fputs(json, stdout);
    return 1;
  }
  struct mon m = {.o = o, .sigfd = -1, .out = -1, .err = -1, .in = -1, .log = {.fd = -1}};
  if (start_monitor(&m, sync, &e) < 0) {
    int n = error_json(json, sizeof json, e.msg, "");
    write_all(sync, json, (size_t)n);
    unlink("attach");
    unlink("console");
    return 1;
  }
  loop(&m);
  finish(&m);
  return 0;
}
