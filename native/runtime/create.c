#include "create.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "hooks.h"
#include "log.h"
#include "rlimit.h"
#include "sync.h"

static int load(const struct create_opts *o, struct created *cr, struct rt_err *e) {
  struct container *c = &cr->c;
  char bundle[PATH_MAX];
  if (!realpath(o->bundle && *o->bundle ? o->bundle : ".", bundle)) return rt_errf(e, errno, "bundle %s", o->bundle);
  c->bundle = xstrdup(bundle);
  char *config = path_join(bundle, "config.json");
  int r = spec_load(config, bundle, &c->spec, e);
  free(config);
  if (r < 0) return -1;
  c->proc = c->spec.process;
  if (!c->proc) return rt_errf(e, 0, "config.json: process is missing");
  caps_check_kernel(c->proc);
  if (c->proc->terminal && !o->console_socket && (!o->run_mode || o->detach))
    return rt_errf(e, 0, "process.terminal needs --console-socket (or `run` in the foreground)");
  if (!is_dir(c->spec.root_path)) return rt_errf(e, ENOTDIR, "root.path %s", c->spec.root_path);
  if (sysctls_validate(c, e) < 0) return -1;
  return ns_prepare(c, e);
}

static int setup_cgroup(struct created *cr, struct rt_err *e) {
  struct container *c = &cr->c;
  struct cg_resources res;
  if (cg_resources_parse(c->spec.resources, "config.json: linux.resources", &res, e) < 0) return -1;
  if (cgroup_create(&c->cg, c->spec.cgroups_path, c->id, e) < 0) return -1;
  c->has_cgroup = true;
  return cgroup_apply(&c->cg, &res, e);
}

static int make_fifo(struct created *cr, struct rt_err *e) {
  char *fifo = path_join(cr->st.dir, "exec.fifo");
  int rc = 0;
  if (mkfifo(fifo, 0600) < 0) rc = rt_errf(e, errno, "mkfifo %s", fifo);
  else if ((cr->c.fifo_fd = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) rc = rt_errf(e, errno, "open %s", fifo);
  free(fifo);
  return rc;
}

static void start_state(struct created *cr, const struct create_opts *o) {
  char ts[64];
  rfc3339_now(ts, sizeof ts);
  cr->st.id = (char *)o->id;
  cr->st.bundle = (char *)cr->c.bundle;
  cr->st.rootfs = (char *)cr->c.spec.root_path;
  cr->st.created = xstrdup(ts);
  cr->st.annotations = cr->c.spec.annotations;
  cr->st.dir = state_dir(o->root, o->id);
}

static char *ns_record(pid_t pid) {
  struct sbuf b = {0};
  sbuf_putc(&b, '{');
  for (int k = 0; k < NS_KINDS; k++) sbuf_printf(&b, "%s\"%s\":\"/proc/%d/ns/%s\"", k ? "," : "", ns_proc_name(k), (int)pid, ns_proc_name(k));
  sbuf_putc(&b, '}');
  return sbuf_take(&b);
}

static int on_pid(struct created *cr, pid_t stage1, pid_t pid, struct rt_err *e) {
  cr->pid = pid;
  if (pid != stage1) {
    int status;
    while (waitpid(stage1, &status, 0) < 0 && errno == EINTR) {
    }
  }
  cr->st.pid = pid;
  cr->st.start_time = proc_start_time(pid, NULL);
  char *ns = ns_record(pid);
  struct rt_err ign = {0};
  cr->st.ns = json_parse(ns, strlen(ns), "namespaces", &ign);
  free(ns);
  if (state_write(&cr->st, e) < 0) return -1;
  char *state = state_oci_json(&cr->st, "created", false);
  int r = sync_send(cr->sync_fd, SYNC_GO2, 0, state, strlen(state), -1);
  free(state);
  return r < 0 ? rt_errf(e, errno, "sync") : 0;
}

/* The create-time hooks read "created", as crun gives it and runtime-tools
 * checks; runc 1.1 says "creating". */
static int on_hooks(struct created *cr, struct rt_err *e) {
  char *state = state_oci_json(&cr->st, "created", false);
  int r = hooks_run(&cr->c.spec.hooks, HOOK_PRESTART, state, e);
  if (r == 0) r = hooks_run(&cr->c.spec.hooks, HOOK_CREATE_RUNTIME, state, e);
  free(state);
  if (r < 0) return -1;
  return sync_send(cr->sync_fd, SYNC_HOOKS_DONE, 0, NULL, 0, -1) < 0 ? rt_errf(e, errno, "sync") : 0;
}

static int child_died(pid_t pid, struct rt_err *e) {
  int status = 0;
  if (pid > 0) waitpid(pid, &status, 0);
  if (WIFSIGNALED(status))
    return rt_errf(e, 0, "the container process was killed by signal %d during setup", WTERMSIG(status));
  return rt_errf(e, 0, "the container process exited during setup (status %d)", WEXITSTATUS(status));
}

/* Serves the child's requests until it is ready to exec. */
static int talk(struct created *cr, pid_t stage1, const struct create_opts *o, struct rt_err *e) {
  struct sync_msg *m = xmalloc(sizeof *m);
  int rc = -1;
  for (;;) {
    int fd = -1;
    ssize_t n = sync_recv(cr->sync_fd, m, &fd);
    if (n < 0 && errno != ECONNRESET) {
      rt_errf(e, errno, "read from the container process");
      break;
    }
    if (n <= 0) {
      child_died(cr->pid ? cr->pid : stage1, e);
      break;
    }
    if (m->type == SYNC_ERROR) {
      e->status = m->a;
      rt_errf(e, 0, "%s", m->text);
      break;
    } else if (m->type == SYNC_LOG) {
      log_emit(m->text, m->text + strlen(m->text) + 1);
    } else if (m->type == SYNC_USERMAP) {
      if (ns_write_idmaps(m->a, &cr->c.spec, e) < 0) break;
      if (sync_send(cr->sync_fd, SYNC_USERMAP_DONE, 0, NULL, 0, -1) < 0) break;
    } else if (m->type == SYNC_PID) {
      if (on_pid(cr, stage1, m->a, e) < 0) break;
    } else if (m->type == SYNC_HOOKS) {
      if (on_hooks(cr, e) < 0) break;
    } else if (m->type == SYNC_PTY) {
      if (o->console_socket) {
        int r = terminal_send(o->console_socket, fd, e);
        close(fd);
        if (r < 0) break;
      } else {
        cr->pty_master = fd;
      }
    } else if (m->type == SYNC_READY) {
      rc = 0;
      break;
    }
  }
  free(m);
  return rc;
}

static int spawn(struct created *cr, const struct create_opts *o, struct rt_err *e) {
  struct container *c = &cr->c;
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) return rt_errf(e, errno, "socketpair");
  /* The container process, a grandchild once stage 1 exits, comes back to us. */
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) return rt_errf(e, errno, "prctl PR_SET_CHILD_SUBREAPER");
  pid_t pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
  if (pid < 0) {
    close(sv[0]);
    close(sv[1]);
    return rt_errf(e, errno, "clone");
  }
  if (pid == 0) {
    close(sv[0]);
    c->sync_fd = sv[1];
    child_main(c);
  }
  close(sv[1]);
  cr->sync_fd = sv[0];
  cr->pid = 0;
  if (c->fifo_fd >= 0) close(c->fifo_fd);
  /* Limits and cgroups go on the first process, so everything it forks inherits them. */
  if (rlimits_apply(pid, c->proc, e) < 0 || (c->proc->has_oom && oom_score_adj_apply(pid, c->proc->oom_score_adj, e) < 0) ||
      cgroup_enter(&c->cg, pid, e) < 0) {
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return -1;
  }
  if (sync_send(cr->sync_fd, SYNC_GO, 0, NULL, 0, -1) < 0) return rt_errf(e, errno, "sync");
  if (talk(cr, pid, o, e) < 0) {
    if (!cr->pid) cr->pid = pid;
    return -1;
  }
  return 0;
}

int container_create(const struct create_opts *o, struct created *cr, struct rt_err *e) {
  memset(cr, 0, sizeof *cr);
  cr->pty_master = -1;
  cr->sync_fd = -1;
  struct container *c = &cr->c;
  c->id = o->id;
  c->root = o->root;
  c->console_socket = o->console_socket;
  c->pid_file = o->pid_file;
  c->preserve_fds = (int)o->preserve_fds;
  c->run_mode = o->run_mode;
  c->new_keyring = !o->no_new_keyring;
  c->fifo_fd = -1;
  if (state_validate_id(o->id, e) < 0 || load(o, cr, e) < 0) return -1;
  if (state_create_dir(o->root, o->id, e) < 0) return -1;
  start_state(cr, o);
  int rc = -1;
  char *config = path_join(cr->st.dir, "config.json");
  struct sbuf doc = {0};
  json_write(&doc, c->spec.doc);
  if (write_file(config, doc.p, doc.len, O_CREAT | O_TRUNC, 0600, e) < 0) goto out;
  if (c->spec.seccomp) {
    if (rt_seccomp_prepare(c->spec.seccomp, o->root, &c->seccomp, e) < 0) goto out;
    c->has_seccomp = true;
    log_debug("seccomp: %u instructions, %s", c->seccomp.len, c->seccomp.from_cache ? "cached" : "compiled");
  }
  if (setup_cgroup(cr, e) < 0) goto out;
  cr->st.has_cgroup = true;
  cr->st.cg = c->cg;
  if (!o->run_mode && make_fifo(cr, e) < 0) goto out;
  if (spawn(cr, o, e) < 0) goto out;
  if (o->pid_file) {
    char num[32];
    snprintf(num, sizeof num, "%d", (int)cr->pid);
    if (write_file_atomic(o->pid_file, num, strlen(num), 0644, e) < 0) goto out;
  }
  rc = 0;
out:
  free(doc.p);
  free(config);
  if (rc < 0) container_abort(cr);
  return rc;
}

void container_abort(struct created *cr) {
  struct rt_err ign = {0};
  if (cr->pid > 0) {
    kill(cr->pid, SIGKILL);
    waitpid(cr->pid, NULL, 0);
  }
  if (cr->sync_fd >= 0) close(cr->sync_fd);
  if (cr->c.has_cgroup) cgroup_destroy(&cr->c.cg, &ign);
  if (cr->st.dir) state_remove_dir(cr->st.dir, &ign);
}

int container_start_now(struct created *cr, struct rt_err *e) {
  if (sync_send(cr->sync_fd, SYNC_START, 0, NULL, 0, -1) < 0) return rt_errf(e, errno, "start the container");
  char *state = state_oci_json(&cr->st, "running", false);
  hooks_run_warn(&cr->c.spec.hooks, HOOK_POSTSTART, state);
  free(state);
  return 0;
}
