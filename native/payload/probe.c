/* `payload probe`: things a confined container must not be able to do, each
 * reported as {"ok": whether it worked, "errno": the error's name}. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "out.h"
#include "payload.h"

static const char *errname(int e) {
  switch (e) {
  case 0: return "";
  case EPERM: return "EPERM";
  case EACCES: return "EACCES";
  case EROFS: return "EROFS";
  case ENOENT: return "ENOENT";
  case ENOSYS: return "ENOSYS";
  case EINVAL: return "EINVAL";
  case ENOTDIR: return "ENOTDIR";
  case EEXIST: return "EEXIST";
  case EBUSY: return "EBUSY";
  case ENOEXEC: return "ENOEXEC";
  case EBADF: return "EBADF";
  default: return "OTHER";
  }
}

static void result(const char *name, int rc, int err);
/* errno must be read after the call: C leaves argument order unspecified. */
#define TRY(name, call)      \
  do {                       \
    errno = 0;               \
    int rc_ = (int)(call);   \
    result(name, rc_, errno); \
  } while (0)

static void result(const char *name, int rc, int err) {
  out_key(name);
  out_begin('{');
  out_kbool("ok", rc >= 0);
  out_kstr("errno", rc >= 0 ? "" : errname(err));
  out_end('}');
}

static void try_write(const char *name, const char *path, const char *data) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  int rc = fd, err = errno;
  if (fd >= 0) {
    rc = (int)write(fd, data, strlen(data));
    err = errno;
    close(fd);
  }
  result(name, rc, err);
}

/* A masked file reads as empty (it is /dev/null underneath). */
static void try_read_masked(const char *name, const char *path) {
  char buf[64];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  int rc = fd, err = errno;
  if (fd >= 0) {
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    rc = n > 0 ? 0 : -1;
    err = n > 0 ? 0 : ENOENT;
  }
  result(name, rc, err);
}

static void try_create_in(const char *name, const char *dir) {
  char path[256];
  snprintf(path, sizeof path, "%s/tsctr-probe", dir);
  int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  int err = errno;
  if (fd >= 0) {
    close(fd);
    unlink(path);
  }
  result(name, fd, err);
}

int cmd_probe(int argc, char **argv) {
  out_begin('{');
  mkdir("/tmp", 01777);
  TRY("mount", mount("tmpfs", "/tmp", "tmpfs", 0, NULL));
  umount2("/tmp", MNT_DETACH);
  TRY("unshareMount", unshare(CLONE_NEWNS));
  TRY("sethostname", sethostname("tsctr-probe", 11));
  try_write("procSys", "/proc/sys/kernel/domainname", "tsctr");
  try_write("sysrqTrigger", "/proc/sysrq-trigger", "h");
  try_read_masked("readKcore", "/proc/kcore");
  try_read_masked("readTimerList", "/proc/timer_list");
  try_create_in("createInProcAcpi", "/proc/acpi");
  try_create_in("createInSysFirmware", "/sys/firmware");
  TRY("initModule", (int)syscall(SYS_init_module, NULL, 0, ""));
  TRY("finitModule", (int)syscall(SYS_finit_module, -1, "", 0));
  TRY("mknodBlock", mknod("/dev/tsctr-sda", S_IFBLK | 0600, makedev(8, 0)));
  errno = 0;
  int fd = open("/dev/tsctr-sda", O_RDONLY | O_CLOEXEC);
  result("openBlock", fd, errno);
  if (fd >= 0) close(fd);
  unlink("/dev/tsctr-sda");
  TRY("chroot", chroot("/"));
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  TRY("setTime", clock_settime(CLOCK_REALTIME, &now));
  TRY("kexecLoad", syscall(SYS_kexec_load, 0, 0, NULL, 0));
  out_end('}');
  putchar('\n');
  (void)argc;
  (void)argv;
  return 0;
}
