#include "mount-opts.h"

#include <linux/mount.h>
#include <stdbool.h>
#include <string.h>

#include "util.h"

static const struct {
  const char *name;
  bool clear;
  unsigned long flag;
} flags[] = {
    {"defaults", false, 0},         {"ro", false, MS_RDONLY},          {"rw", true, MS_RDONLY},
    {"suid", true, MS_NOSUID},      {"nosuid", false, MS_NOSUID},      {"dev", true, MS_NODEV},
    {"nodev", false, MS_NODEV},     {"exec", true, MS_NOEXEC},         {"noexec", false, MS_NOEXEC},
    {"sync", false, MS_SYNCHRONOUS}, {"async", true, MS_SYNCHRONOUS},  {"dirsync", false, MS_DIRSYNC},
    {"remount", false, MS_REMOUNT}, {"mand", false, MS_MANDLOCK},      {"nomand", true, MS_MANDLOCK},
    {"atime", true, MS_NOATIME},    {"noatime", false, MS_NOATIME},    {"diratime", true, MS_NODIRATIME},
    {"nodiratime", false, MS_NODIRATIME}, {"relatime", false, MS_RELATIME}, {"norelatime", true, MS_RELATIME},
    {"strictatime", false, MS_STRICTATIME}, {"nostrictatime", true, MS_STRICTATIME},
    {"lazytime", false, MS_LAZYTIME}, {"nolazytime", true, MS_LAZYTIME}, {"silent", false, MS_SILENT},
    {"loud", true, MS_SILENT},
};

static const struct {
  const char *name;
  unsigned long flag;
} propagation[] = {
    {"shared", MS_SHARED},   {"rshared", MS_SHARED | MS_REC},   {"slave", MS_SLAVE},
    {"rslave", MS_SLAVE | MS_REC}, {"private", MS_PRIVATE}, {"rprivate", MS_PRIVATE | MS_REC},
    {"unbindable", MS_UNBINDABLE}, {"runbindable", MS_UNBINDABLE | MS_REC},
};

static const struct {
  const char *name;
  bool clear;
  uint64_t attr;
} recursive[] = {
    {"rro", false, MOUNT_ATTR_RDONLY},   {"rrw", true, MOUNT_ATTR_RDONLY},   {"rnosuid", false, MOUNT_ATTR_NOSUID},
    {"rsuid", true, MOUNT_ATTR_NOSUID},  {"rnodev", false, MOUNT_ATTR_NODEV}, {"rdev", true, MOUNT_ATTR_NODEV},
    {"rnoexec", false, MOUNT_ATTR_NOEXEC}, {"rexec", true, MOUNT_ATTR_NOEXEC},
    {"rnoatime", false, MOUNT_ATTR_NOATIME}, {"rrelatime", false, MOUNT_ATTR_RELATIME},
    {"rstrictatime", false, MOUNT_ATTR_STRICTATIME}, {"rnodiratime", false, MOUNT_ATTR_NODIRATIME},
};

static bool known_flag(const char *o, struct spec_mount *m) {
  for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
    if (strcmp(o, flags[i].name) == 0) {
      if (flags[i].clear) m->flags &= ~flags[i].flag;
      else m->flags |= flags[i].flag;
      return true;
    }
  for (size_t i = 0; i < sizeof propagation / sizeof *propagation; i++)
    if (strcmp(o, propagation[i].name) == 0) {
      m->propagation = propagation[i].flag;
      return true;
    }
  for (size_t i = 0; i < sizeof recursive / sizeof *recursive; i++)
    if (strcmp(o, recursive[i].name) == 0) {
      if (recursive[i].clear) m->attr_clr |= recursive[i].attr;
      else m->attr_set |= recursive[i].attr;
      return true;
    }
  return false;
}

int mount_parse_options(const char **opts, size_t n, struct spec_mount *m, struct rt_err *e) {
  struct sbuf data = {0};
  for (size_t i = 0; i < n; i++) {
    const char *o = opts[i];
    if (strcmp(o, "bind") == 0) {
      m->bind = true;
    } else if (strcmp(o, "rbind") == 0) {
      m->bind = m->rbind = true;
    } else if (strcmp(o, "tmpcopyup") == 0 || strcmp(o, "notmpcopyup") == 0 || strcmp(o, "copy-symlink") == 0) {
      /* crun extensions that change nothing the kernel sees; accepted for configs written for crun. */
    } else if (strcmp(o, "idmap") == 0 || strcmp(o, "ridmap") == 0) {
      return rt_errf(e, 0, "mount option \"%s\" is not supported", o);
    } else if (!known_flag(o, m)) {
      if (data.len) sbuf_putc(&data, ',');
      sbuf_puts(&data, o);
    }
  }
  m->data = data.p;
  return 0;
}
