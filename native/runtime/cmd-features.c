/* features: what this runtime supports, in the runtime-spec's features.md shape. */
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>

#include "caps.h"
#include "commands.h"
#include "util.h"

static void list(struct sbuf *b, const char *key, const char *const *v, size_t n) {
  sbuf_printf(b, "\"%s\":[", key);
  for (size_t i = 0; i < n; i++) {
    if (i) sbuf_putc(b, ',');
    sbuf_json_str(b, v[i]);
  }
  sbuf_putc(b, ']');
}

#define LIST(b, key, arr) list(b, key, arr, sizeof arr / sizeof *arr)

int cmd_features(struct global *g, int argc, char **argv) {
  static const char *const hooks[] = {"prestart", "createRuntime", "createContainer", "startContainer", "poststart",
                                      "poststop"};
  static const char *const mount_opts[] = {
      "async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec", "lazytime", "mand", "noatime",
      "nodev", "nodiratime", "noexec", "nolazytime", "nomand", "norelatime", "nostrictatime", "nosuid", "private",
      "rbind", "rdev", "relatime", "remount", "rexec", "rnoatime", "rnodev", "rnoexec", "rnosuid", "ro", "rprivate",
      "rrelatime", "rro", "rrw", "rshared", "rslave", "rstrictatime", "rsuid", "runbindable", "rw", "shared",
      "silent", "loud", "slave", "strictatime", "suid", "sync", "unbindable"};
  static const char *const namespaces[] = {"cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts"};
  static const char *const actions[] = {"SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
                                        "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP"};
  static const char *const ops[] = {"SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE",
                                    "SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE"};
  static const char *const archs[] = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64",
                                      "SCMP_ARCH_ARM", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390X", "SCMP_ARCH_RISCV64"};
  static const char *const flags[] = {"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
                                      "SECCOMP_FILTER_FLAG_SPEC_ALLOW"};
  (void)g;
  (void)argc;
  (void)argv;
  struct sbuf b = {0};
  const struct scmp_version *v = seccomp_version();
  sbuf_puts(&b, "{\"ociVersionMin\":\"1.0.0\",\"ociVersionMax\":\"1.0.2\",");
  LIST(&b, "hooks", hooks);
  sbuf_putc(&b, ',');
  LIST(&b, "mountOptions", mount_opts);
  sbuf_puts(&b, ",\"linux\":{");
  LIST(&b, "namespaces", namespaces);
  sbuf_puts(&b, ",\"capabilities\":[");
  for (int c = 0; c <= caps_last_cap() && cap_name(c); c++) {
    if (c) sbuf_putc(&b, ',');
    sbuf_json_str(&b, cap_name(c));
  }
  sbuf_puts(&b, "],\"cgroup\":{\"v1\":true,\"v2\":true,\"systemd\":false,\"systemdUser\":false,\"rdma\":false},");
  sbuf_puts(&b, "\"seccomp\":{\"enabled\":true,");
  LIST(&b, "actions", actions);
  sbuf_putc(&b, ',');
  LIST(&b, "operators", ops);
  sbuf_putc(&b, ',');
  LIST(&b, "archs", archs);
  sbuf_putc(&b, ',');
  LIST(&b, "knownFlags", flags);
  sbuf_putc(&b, ',');
  LIST(&b, "supportedFlags", flags);
  sbuf_puts(&b, "},\"apparmor\":{\"enabled\":false},\"selinux\":{\"enabled\":false},"
                "\"intelRdt\":{\"enabled\":false},\"mountExtensions\":{\"idmap\":{\"enabled\":false}}},");
  sbuf_printf(&b, "\"annotations\":{\"io.github.seccomp.libseccomp.version\":\"%u.%u.%u\"}}", v->major, v->minor,
              v->micro);
  printf("%s\n", b.p);
  free(b.p);
  return 0;
}
