/* The parts of an OCI runtime-spec config.json the runtime acts on, read into
 * plain structs once, with every type error naming the key
 * ("config.json: process.user.uid: must be a non-negative integer").
 * Unknown keys are ignored, as the spec asks. */
#ifndef RT_SPEC_H
#define RT_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "json.h"

enum cap_set { CAP_BOUNDING, CAP_EFFECTIVE, CAP_INHERITABLE, CAP_PERMITTED, CAP_AMBIENT, CAP_NSETS };

struct spec_caps {
  uint64_t set[CAP_NSETS];
};

struct spec_rlimit {
  int resource;
  const char *name;
  uint64_t soft, hard;
};

struct spec_process {
  bool terminal, has_console_size;
  unsigned short console_h, console_w;
  uint32_t uid, gid;
  uint32_t *gids;
  size_t ngids;
  bool has_umask;
  mode_t umask;
  char **args;
  size_t nargs;
  char **env;
  size_t nenv;
  const char *cwd;
  bool has_caps;
  struct spec_caps caps;
  struct spec_rlimit *rlimits;
  size_t nrlimits;
  bool nnp;
  bool has_oom;
  int oom_score_adj;
};

struct spec_mount {
  const char *dest, *type, *source;
  unsigned long flags;      /* MS_* to set */
  unsigned long propagation; /* MS_SHARED/... | MS_REC, applied after */
  uint64_t attr_set, attr_clr; /* mount_setattr(AT_RECURSIVE) for rro & co. */
  bool bind, rbind;
  char *data; /* filesystem-specific options, comma-joined */
};

struct spec_ns {
  int type; /* CLONE_NEW* */
  const char *path;
};

struct spec_idmap {
  uint32_t container, host, size;
};

struct spec_device {
  const char *path;
  char type; /* c, b, u, p */
  int64_t major, minor;
  bool has_mode, has_uid, has_gid;
  mode_t mode;
  uint32_t uid, gid;
};

struct spec_sysctl {
  const char *key, *value;
};

enum hook_kind { HOOK_PRESTART, HOOK_CREATE_RUNTIME, HOOK_CREATE_CONTAINER, HOOK_START_CONTAINER,
                 HOOK_POSTSTART, HOOK_POSTSTOP, HOOK_NKINDS };

struct spec_hook {
  const char *path;
  char **args;
  size_t nargs;
  char **env;
  size_t nenv;
  int timeout; /* seconds, 0 = none */
};

struct spec_hooks {
  struct spec_hook *h[HOOK_NKINDS];
  size_t n[HOOK_NKINDS];
};

struct spec {
  struct json *doc;
  const char *oci_version;
  const char *root_path; /* absolute (joined with the bundle) */
  bool root_readonly;
  const char *hostname, *domainname;
  struct spec_process *process;
  struct spec_mount *mounts;
  size_t nmounts;
  struct spec_ns *ns;
  size_t nns;
  struct spec_idmap *uidmap, *gidmap;
  size_t nuidmap, ngidmap;
  struct spec_device *devices;
  size_t ndevices;
  const char **masked, **readonly;
  size_t nmasked, nreadonly;
  struct spec_sysctl *sysctls;
  size_t nsysctls;
  unsigned long rootfs_propagation; /* 0 = default (rslave) */
  const char *cgroups_path;
  const struct json *resources;
  const struct json *seccomp;
  const struct json *annotations;
  const struct json *hooks_json;
  struct spec_hooks hooks;
  bool has_personality;
  unsigned long personality;
};

/* path = config.json, bundle = its directory (absolute). */
int spec_load(const char *path, const char *bundle, struct spec *s, struct rt_err *e);
/* Parses a "process" object (config.json's or exec --process FILE's). */
int spec_parse_process(const struct json *p, const char *where, struct spec_process *out, struct rt_err *e);
int spec_parse_hooks(const struct json *hooks, struct spec_hooks *out, struct rt_err *e);
/* NULL when the namespace is not configured. */
const struct spec_ns *spec_find_ns(const struct spec *s, int type);
int cap_from_name(const char *name);
const char *cap_name(int cap);
int rlimit_from_name(const char *name);
int signal_from_name(const char *name);

#endif
