/* exec: a new process in a running container. It joins the namespaces of
 * the container's init that differ from ours (user first), forks once more
 * to enter the PID namespace, is put in the container's cgroups, and gets
 * the container's seccomp filter and the process settings of --process FILE,
 * or of config.json's process with the flags' changes (as runc does). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "args.h"
#include "caps.h"
#include "commands.h"
#include "container.h"
#include "log.h"
#include "rlimit.h"
#include "sync.h"
#include "user.h"

struct exec_opts {
  const char *process, *pid_file, *console_socket, *cwd, *user;
  struct opt_list env, caps, gids;
  bool tty, detach, nnp, ignore_paused;
  long preserve_fds;
};

static int parse(int argc, char **argv, struct exec_opts *o, int *idx, struct rt_err *e) {
  const char *label = NULL, *apparmor = NULL, *cgroup = NULL;
  const struct opt opts[] = {
      {"process", 'p', OPT_STR, &o->process},   {"tty", 't', OPT_BOOL, &o->tty},
      {"detach", 'd', OPT_BOOL, &o->detach},    {"pid-file", 0, OPT_STR, &o->pid_file},
      {"console-socket", 0, OPT_STR, &o->console_socket}, {"cwd", 0, OPT_STR, &o->cwd},
      {"env", 'e', OPT_LIST, &o->env},          {"user", 'u', OPT_STR, &o->user},
      {"additional-gids", 'g', OPT_LIST, &o->gids}, {"cap", 'c', OPT_LIST, &o->caps},
      {"no-new-privs", 0, OPT_BOOL, &o->nnp},   {"preserve-fds", 0, OPT_INT, &o->preserve_fds},
      {"process-label", 0, OPT_STR, &label},    {"apparmor", 0, OPT_STR, &apparmor},
      {"cgroup", 0, OPT_STR, &cgroup},          {"ignore-paused", 0, OPT_BOOL, &o->ignore_paused},
      {NULL, 0, 0, NULL},
  };
  if (parse_opts(argc, argv, idx, opts, "exec", e) < 0) return -1;
  if (cgroup) log_warn("exec --cgroup is not supported; the process joins the container's cgroup");
  if (*idx >= argc) return rt_errf(e, 0, "exec: missing the container id");
  return 0;
}

static int parse_user(const char *u, struct spec_process *p, struct rt_err *e) {
  char *copy = xstrdup(u), *colon = strchr(copy, ':');
  uint64_t uid, gid = 0;
  if (colon) *colon = '\0';
  int bad = parse_u64(copy, &uid) < 0 || uid > UINT32_MAX || (colon && (parse_u64(colon + 1, &gid) < 0 || gid > UINT32_MAX));
  free(copy);
  if (bad) return rt_errf(e, 0, "exec --user \"%s\": must be UID[:GID] in numbers", u);
  p->uid = (uint32_t)uid;
  p->gid = (uint32_t)gid;
  return 0;
}

static char **append(char **v, size_t *n, const char **add, size_t nadd) {
  char **out = xcalloc(*n + nadd + 1, sizeof *out);
  memcpy(out, v, *n * sizeof *out);
  for (size_t i = 0; i < nadd; i++) out[*n + i] = (char *)add[i];
  *n += nadd;
  return out;
}

/* The process to run: --process FILE as is, or config.json's with the flags applied. */
static int build_process(struct container *c, struct exec_opts *o, int argc, char **argv, int idx, struct rt_err *e) {
  struct spec_process *p = xcalloc(1, sizeof *p);
  if (o->process) {
    char *buf;
    size_t len;
    if (read_file(o->process, &buf, &len, e) < 0) return -1;
    struct json *doc = json_parse(buf, len, o->process, e);
    free(buf);
    if (!doc || spec_parse_process(doc, o->process, p, e) < 0) return -1;
  } else {
    if (idx + 1 >= argc) return rt_errf(e, 0, "exec: give a command, or --process FILE");
    *p = *c->spec.process;
    p->args = argv + idx + 1;
    p->nargs = (size_t)(argc - idx - 1);
    p->terminal = o->tty;
    p->has_console_size = false;
    p->env = append(p->env, &p->nenv, o->env.v, o->env.n);
    if (o->cwd) p->cwd = o->cwd;
    if (o->user && parse_user(o->user, p, e) < 0) return -1;
    if (o->gids.n) {
      p->gids = xcalloc(o->gids.n, sizeof *p->gids);
      p->ngids = 0;
      for (size_t i = 0; i < o->gids.n; i++) {
        uint64_t g;
        if (parse_u64(o->gids.v[i], &g) < 0 || g > UINT32_MAX) return rt_errf(e, 0, "exec -g: bad gid %s", o->gids.v[i]);
        p->gids[p->ngids++] = (uint32_t)g;
      }
    }
    if (o->nnp) p->nnp = true;
    uint64_t add = 0;
    if (cap_parse_list(o->caps.v, o->caps.n, &add, e) < 0) return -1;
    if (add) {
      p->has_caps = true;
      p->caps.set[CAP_BOUNDING] |= add;
      p->caps.set[CAP_EFFECTIVE] |= add;
      p->caps.set[CAP_PERMITTED] |= add;
    }
  }
  if (p->terminal && !o->console_socket && o->detach)
    return rt_errf(e, 0, "exec: a terminal needs --console-socket with --detach");
  caps_check_kernel(p);
  c->proc = p;
  return 0;
}

static int same_ns(pid_t pid, const char *name) {
  char a[64], b[64];
  struct stat sa, sb;
  snprintf(a, sizeof a, "/proc/%d/ns/%s", (int)pid, name);
  snprintf(b, sizeof b, "/proc/self/ns/%s", name);
  if (stat(a, &sa) < 0 || stat(b, &sb) < 0) return -1;
  return sa.st_ino == sb.st_ino && sa.st_dev == sb.st_dev;
}

static int open_namespaces(struct container *c, pid_t pid, struct rt_err *e) {
  for (int k = 0; k < NS_KINDS; k++) {
    c->ns_fd[k] = -1;
    /* shared with us already (1), or a kind this kernel lacks (-1) */
    if (same_ns(pid, ns_proc_name(k)) != 0) continue;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, ns_proc_name(k));
    c->ns_fd[k] = open(path, O_RDONLY | O_CLOEXEC);
    if (c->ns_fd[k] < 0) return rt_errf(e, errno, "open %s", path);
  }
  return 0;
}

static void __attribute__((noreturn)) child_fail(struct container *c, struct rt_err *e) {
  sync_send(c->sync_fd, SYNC_ERROR, e->status ? e->status : 1, e->msg, strlen(e->msg), -1);
  _exit(e->status ? e->status : 1);
}

static void exec_child(struct container *c) {
  struct rt_err e = {0};
  struct sync_msg *m = xmalloc(sizeof *m);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  /* user first: the others belong to it */
  for (int pass = 0; pass < 2; pass++)
    for (int k = 0; k < NS_KINDS; k++) {
      bool user = ns_flag(k) == CLONE_NEWUSER;
      if (c->ns_fd[k] < 0 || user != (pass == 0)) continue;
      if (setns(c->ns_fd[k], ns_flag(k)) < 0) {
        rt_errf(&e, errno, "join the container's %s namespace", ns_proc_name(k));
        child_fail(c, &e);
      }
    }
  pid_t pid = (pid_t)syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0);
  if (pid < 0) {
    rt_errf(&e, errno, "fork into the container");
    child_fail(c, &e);
  }
  if (pid > 0) {
    sync_send(c->sync_fd, SYNC_PID, pid, NULL, 0, -1);
    _exit(0);
  }
  if (sync_expect(c->sync_fd, SYNC_GO2, m, &e) < 0) _exit(1);
  struct spec_process *p = c->proc;
  if (setsid() < 0) {
    rt_errf(&e, errno, "setsid");
    child_fail(c, &e);
  }
  if (p->terminal && terminal_setup(c, &e) < 0) child_fail(c, &e);
  bool cwd_done = chdir(p->cwd) == 0;
  char *exe = lookup_executable(p->nargs ? p->args[0] : NULL, p->env, &e);
  if (!exe) child_fail(c, &e);
  char **env = p->env;
  if (!env_get(env, "HOME")) {
    char *home = passwd_home(p->uid), *h = xasprintf("HOME=%s", home ? home : "/");
    const char *add[] = {h};
    size_t n = p->nenv;
    env = append(env, &n, add, 1);
  }
  if (c->has_seccomp && !p->nnp && rt_seccomp_load(&c->seccomp, &e) < 0) child_fail(c, &e);
  if (creds_apply(p, true, &e) < 0) child_fail(c, &e);
  if (!cwd_done && chdir(p->cwd) < 0) {
    rt_errf(&e, errno, "chdir %s", p->cwd);
    child_fail(c, &e);
  }
  if (p->nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
    rt_errf(&e, errno, "prctl PR_SET_NO_NEW_PRIVS");
    child_fail(c, &e);
  }
  if (p->has_umask) umask(p->umask);
  cloexec_from(3 + c->preserve_fds);
  if (c->has_seccomp && p->nnp && rt_seccomp_load(&c->seccomp, &e) < 0) child_fail(c, &e);
  execve(exe, p->args, env);
  exec_failure(exe, errno, &e);
  child_fail(c, &e);
}

static int wait_exec(pid_t pid, int pty, int sfd) {
  struct termios saved;
  bool raw = pty >= 0 && isatty(0) && tcgetattr(0, &saved) == 0;
  if (raw) {
    struct termios t = saved;
    cfmakeraw(&t);
    tcsetattr(0, TCSANOW, &t);
  }
  int status = 0;
  char buf[8192];
  for (;;) {
    struct pollfd p[3] = {{sfd, POLLIN, 0}, {pty, POLLIN, 0}, {pty >= 0 ? 0 : -1, POLLIN, 0}};
    if (poll(p, 3, -1) < 0 && errno != EINTR) break;
    ssize_t n;
    if ((p[1].revents & POLLIN) && (n = read(pty, buf, sizeof buf)) > 0) (void)write_all(1, buf, (size_t)n);
    if ((p[2].revents & POLLIN) && (n = read(0, buf, sizeof buf)) > 0) (void)write_all(pty, buf, (size_t)n);
    if (!(p[0].revents & POLLIN)) continue;
    struct signalfd_siginfo si;
    if (read(sfd, &si, sizeof si) != sizeof si) continue;
    if (si.ssi_signo != SIGCHLD) {
      kill(pid, (int)si.ssi_signo);
      continue;
    }
    pid_t w;
    bool done = false;
    while ((w = waitpid(-1, &status, WNOHANG)) > 0)
      if (w == pid) done = true;
    if (done) break;
  }
  if (raw) tcsetattr(0, TCSANOW, &saved);
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

static int prepare(struct global *g, struct container *c, struct exec_opts *o, int argc, char **argv, int idx,
                   struct ctr_state *st, struct rt_err *e) {
  if (state_load(g->root, argv[idx], st, e) < 0) return -1;
  const char *status = state_status(st);
  if (strcmp(status, "running") != 0 && strcmp(status, "created") != 0 &&
      !(o->ignore_paused && strcmp(status, "paused") == 0))
    return rt_errf(e, 0, "exec %s: the container is %s", st->id, status);
  char *config = path_join(st->dir, "config.json");
  int r = spec_load(config, st->bundle, &c->spec, e);
  free(config);
  if (r < 0) return -1;
  if (!c->spec.process) return rt_errf(e, 0, "exec: the container's config.json has no process");
  if (build_process(c, o, argc, argv, idx, e) < 0) return -1;
  c->preserve_fds = (int)o->preserve_fds;
  c->exec_mode = true;
  if (c->spec.seccomp) {
    if (rt_seccomp_prepare(c->spec.seccomp, g->root, &c->seccomp, e) < 0) return -1;
    c->has_seccomp = true;
  }
  return open_namespaces(c, st->pid, e);
}

int cmd_exec(struct global *g, int argc, char **argv) {
  struct rt_err e = {0};
  struct exec_opts o = {0};
  struct container c = {0};
  struct ctr_state st;
  int idx = 0;
  if (parse(argc, argv, &o, &idx, &e) < 0 || prepare(g, &c, &o, argc, argv, idx, &st, &e) < 0) return report(&e);
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, NULL);
  int sfd = o.detach ? -1 : signalfd(-1, &all, SFD_CLOEXEC);
  if (!o.detach) prctl(PR_SET_CHILD_SUBREAPER, 1);
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
    rt_errf(&e, errno, "socketpair");
    return report(&e);
  }
  pid_t first = fork();
  if (first < 0) {
    rt_errf(&e, errno, "fork");
    return report(&e);
  }
  if (first == 0) {
    close(sv[0]);
    c.sync_fd = sv[1];
    exec_child(&c);
  }
  close(sv[1]);
  struct sync_msg *m = xmalloc(sizeof *m);
  pid_t pid = 0;
  int pty = -1, rc = 0;
  for (;;) {
    int fd = -1;
    ssize_t n = sync_recv(sv[0], m, &fd);
    if (n <= 0) break; /* exec'd: the socket closed on exec */
    if (m->type == SYNC_ERROR) {
      e.status = m->a;
      rt_errf(&e, 0, "%s", m->text);
      rc = -1;
      break;
    }
    if (m->type == SYNC_PID) {
      pid = m->a;
      waitpid(first, NULL, 0);
      if ((st.has_cgroup && cgroup_enter(&st.cg, pid, &e) < 0) || rlimits_apply(pid, c.proc, &e) < 0 ||
          sync_send(sv[0], SYNC_GO2, 0, NULL, 0, -1) < 0) {
        kill(pid, SIGKILL);
        rc = -1;
        break;
      }
    } else if (m->type == SYNC_PTY) {
      if (o.console_socket) {
        int r = terminal_send(o.console_socket, fd, &e);
        close(fd);
        if (r < 0) {
          kill(pid, SIGKILL);
          rc = -1;
          break;
        }
      } else {
        pty = fd;
      }
    }
  }
  close(sv[0]);
  if (rc < 0) {
    if (pid > 0) waitpid(pid, NULL, 0);
    return report(&e);
  }
  if (o.pid_file) {
    char num[32];
    snprintf(num, sizeof num, "%d", (int)pid);
    if (write_file_atomic(o.pid_file, num, strlen(num), 0644, &e) < 0) return report(&e);
  }
  if (o.detach) return 0;
  return wait_exec(pid, pty, sfd);
}
