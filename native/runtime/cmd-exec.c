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
    p->env = strv_append(p->env, &p->nenv, o->env.v, o->env.n);
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

/* Serves the exec'd process until it execs (EOF): its pid goes into the
 * cgroups before it may go on, its pty to the console socket or to us. */
static int serve(int sock, pid_t first, struct container *c, struct ctr_state *st, const struct exec_opts *o,
                 pid_t *pid, int *pty, struct rt_err *e) {
  struct sync_msg *m = xmalloc(sizeof *m);
  int rc = 0;
  for (;;) {
    int fd = -1;
    if (sync_recv(sock, m, &fd) <= 0) break; /* exec'd: the socket is close-on-exec */
    if (m->type == SYNC_ERROR) {
      e->status = m->a;
      rc = rt_errf(e, 0, "%s", m->text);
      break;
    }
    if (m->type == SYNC_PID) {
      *pid = m->a;
      waitpid(first, NULL, 0);
      if ((st->has_cgroup && cgroup_enter(&st->cg, *pid, e) < 0) || rlimits_apply(*pid, c->proc, e) < 0 ||
          sync_send(sock, SYNC_GO2, 0, NULL, 0, -1) < 0) {
        rc = -1;
        break;
      }
    } else if (m->type == SYNC_PTY && !o->console_socket) {
      *pty = fd;
    } else if (m->type == SYNC_PTY) {
      int r = terminal_send(o->console_socket, fd, e);
      close(fd);
      if (r < 0) {
        rc = -1;
        break;
      }
    }
  }
  free(m);
  if (rc < 0 && *pid > 0) {
    kill(*pid, SIGKILL);
    waitpid(*pid, NULL, 0);
  }
  return rc;
}

int cmd_exec(struct global *g, int argc, char **argv) {
  struct rt_err e = {0};
  struct exec_opts o = {0};
  struct container c = {0};
  struct ctr_state st;
  int idx = 0, sv[2], pty = -1;
  pid_t pid = 0;
  if (parse(argc, argv, &o, &idx, &e) < 0 || prepare(g, &c, &o, argc, argv, idx, &st, &e) < 0) return report(&e);
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, NULL);
  int sfd = o.detach ? -1 : signalfd(-1, &all, SFD_CLOEXEC);
  /* The process is our grandchild: as a subreaper we get it back, to wait for it. */
  prctl(PR_SET_CHILD_SUBREAPER, 1);
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
  int rc = serve(sv[0], first, &c, &st, &o, &pid, &pty, &e);
  close(sv[0]);
  if (rc < 0) return report(&e);
  if (o.pid_file) {
    char num[32];
    snprintf(num, sizeof num, "%d", (int)pid);
    if (write_file_atomic(o.pid_file, num, strlen(num), 0644, &e) < 0) return report(&e);
  }
  if (o.detach) return 0;
  return exec_wait(pid, pty, sfd);
}
