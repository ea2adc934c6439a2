#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "spawn.h"

static void null_stdio(void) {
  int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (fd < 0) return;
  dup3(fd, 0, 0);
  dup3(fd, 1, 0);
  dup3(fd, 2, 0);
  if (fd > 2) close(fd);
}

int daemonize(struct merr *e) {
  int p[2];
  if (pipe2(p, O_CLOEXEC) < 0) return merr_set(e, errno, "pipe");
  pid_t pid = fork();
  if (pid < 0) return merr_set(e, errno, "fork");
  if (pid > 0) {
    close(p[1]);
    char buf[8192];
    size_t got = 0;
    for (;;) {
      ssize_t r = read(p[0], buf + got, sizeof buf - 1 - got);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0 || (got += (size_t)r) >= sizeof buf - 1) break;
    }
    buf[got] = '\0';
    if (got == 0) {
      fputs("{\"error\":\"tscompose-monitor: the monitor process died during start-up\"}\n", stdout);
      exit(1);
    }
    fputs(buf, stdout);
    exit(strncmp(buf, "{\"pid\"", 6) == 0 ? 0 : 1);
  }
  close(p[0]);
  setsid();
  prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  null_stdio();
  return p[1];
}

int child_signals(struct merr *e) {
  signal(SIGPIPE, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  signal(SIGINT, SIG_IGN);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  if (sigprocmask(SIG_BLOCK, &set, NULL) < 0) return merr_set(e, errno, "sigprocmask");
  int fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  if (fd < 0) return merr_set(e, errno, "signalfd");
  return fd;
}

bool reap(int sigfd, pid_t pid, int *status) {
  struct signalfd_siginfo si;
  while (read(sigfd, &si, sizeof si) > 0) {
  }
  bool found = false;
  int st;
  pid_t r;
  while ((r = waitpid(-1, &st, WNOHANG)) > 0) {
    if (r == pid) {
      *status = st;
      found = true;
    }
  }
  return found;
}

pid_t read_pid_file(const char *path, struct merr *e) {
  char buf[32];
  if (read_small_file(path, buf, sizeof buf) <= 0) return merr_set(e, errno, "read pid file %s", path);
  long pid = strtol(buf, NULL, 10);
  if (pid <= 0) return merr_set(e, 0, "pid file %s holds no pid", path);
  return (pid_t)pid;
}

long long oom_kills(const char *path) {
  if (path == NULL) return 0;
  char buf[4096];
  if (read_small_file(path, buf, sizeof buf) <= 0) return 0;
  for (char *line = buf; line != NULL && *line != '\0';) {
    if (strncmp(line, "oom_kill ", 9) == 0) return strtoll(line + 9, NULL, 10);
    line = strchr(line, '\n');
    if (line != NULL) line++;
  }
  return 0;
}

int exit_json(char *out, size_t cap, pid_t pid, int status, bool oom) {
  char ts[40];
  rfc3339_now(ts);
  int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  return snprintf(out, cap, "{\"version\":1,\"pid\":%d,\"exitCode\":%d,\"signal\":%d,\"finishedAt\":\"%s\",\"oomKilled\":%s}\n", (int)pid,
                  exit_code_of(status), sig, ts, oom ? "true" : "false");
}

int error_json(char *out, size_t cap, const char *what, const char *detail) {
  char msg[4096];
  size_t dl = strlen(detail);
  while (dl > 0 && (detail[dl - 1] == '\n' || detail[dl - 1] == ' ')) dl--;
  int n = snprintf(msg, sizeof msg, "%s%s%.*s", what, dl > 0 ? ": " : "", (int)dl, detail);
  /* The runtime's stderr usually ends in a newline; the message should not. */
  while (n > 0 && n < (int)sizeof msg && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = '\0';
  size_t len = (size_t)snprintf(out, cap, "{\"error\":");
  len = json_string(out, cap, len, msg, n < 0 ? 0 : (size_t)n);
  return snprintf(out + len, cap - len, "}\n") + (int)len;
}

long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
