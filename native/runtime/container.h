/* One container being created: the parsed config plus what the runtime
 * parent prepared for the container process (joined namespace fds, the
 * seccomp program, the sync socket, the exec fifo). The parent fills it
 * before clone; the child inherits it as it was. */
#ifndef RT_CONTAINER_H
#define RT_CONTAINER_H

#include <stdbool.h>
#include <sys/types.h>

#include "cgroup.h"
#include "seccomp.h"
#include "spec.h"

#define NS_KINDS 8

struct container {
  const char *id, *root, *bundle, *console_socket, *pid_file;
  struct spec spec;
  struct spec_process *proc;
  int sync_fd;              /* the child's end in the child, the parent's in the parent */
  int fifo_fd;              /* read end of exec.fifo; -1 for run */
  int ns_fd[NS_KINDS];      /* joined namespaces by kind index, -1 when new or shared */
  bool has_seccomp;
  struct seccomp_prog seccomp;
  int preserve_fds;
  bool run_mode, detach, no_pivot, new_keyring, exec_mode;
  bool new_userns, mntns;
  char *state; /* state JSON for the hooks run in the container */
  struct cgroup cg;
  bool has_cgroup;
};

/* CLONE_NEW* of namespace kind i (pid, net, mnt, ipc, uts, user, cgroup, time). */
int ns_flag(int kind);
const char *ns_proc_name(int kind);
/* Parent: opens the namespaces to join, checks the config's namespace needs. */
int ns_prepare(struct container *c, struct rt_err *e);
/* Flags of the namespaces to create, except user and cgroup. */
int ns_new_flags(const struct container *c);
bool ns_needs_fork(const struct container *c);
/* Child, first stage: join by path (user first), create the user namespace
 * (the parent writes its maps), then the rest. */
int ns_enter(struct container *c, struct rt_err *e);
/* Parent: writes uid_map and gid_map of pid. */
int ns_write_idmaps(pid_t pid, const struct spec *s, struct rt_err *e);

/* Child: the mount namespace, from the bind of the rootfs to pivot_root. */
int rootfs_prepare(struct container *c, struct rt_err *e);
int rootfs_pivot(struct container *c, struct rt_err *e);
int rootfs_finalize(struct container *c, struct rt_err *e);
int mounts_apply(struct container *c, int rootfd, struct rt_err *e);
int devices_create(struct container *c, int rootfd, struct rt_err *e);
/* After pivot_root: sysctls, then read-only and masked paths. */
int sysctls_apply(const struct spec *s, struct rt_err *e);
int sysctls_validate(const struct container *c, struct rt_err *e);
int paths_readonly(const struct spec *s, struct rt_err *e);
int paths_masked(const struct spec *s, struct rt_err *e);
/* Opens (O_PATH) path inside the root dirfd, creating missing directories,
 * and the last component as a file when as_file; symlinks stay inside. */
int rootfs_open(int rootfd, const char *path, bool create, bool as_file, struct rt_err *e);
/* The statfs flags a bind remount must keep (nosuid, nodev, noexec, atime). */
unsigned long mount_locked_flags(const char *path);

/* Child: terminal on a pty of the container's devpts; the master goes to the parent. */
int terminal_setup(struct container *c, struct rt_err *e);
/* Parent: hands the master to --console-socket. */
int terminal_send(const char *socket_path, int master, struct rt_err *e);

/* False when a user namespace has setgroups denied (/proc/self/setgroups). */
bool setgroups_allowed(void);

/* exec's process (exec-child.c): never returns. */
void exec_child(struct container *c) __attribute__((noreturn));
/* exec in the foreground: forwards signals, proxies the pty, returns the status. */
int exec_wait(pid_t pid, int pty, int sfd);

/* The container process: never returns. */
void child_main(struct container *c) __attribute__((noreturn));

#endif
