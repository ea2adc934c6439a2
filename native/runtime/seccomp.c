#include "seccomp.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"
#include "sha256.h"
#include "util.h"

#define CACHE_FORMAT "tscompose-seccomp-cache-1"

static int parse_action(const char *name, const struct json *errno_ret, uint32_t default_errno, uint32_t *out,
                        struct rt_err *e) {
  uint64_t ret = default_errno;
  if (errno_ret && errno_ret->type != JSON_NULL && json_to_u64(errno_ret, &ret) < 0)
    return rt_errf(e, 0, "linux.seccomp: errnoRet must be a non-negative integer");
  if (strcmp(name, "SCMP_ACT_ALLOW") == 0) *out = SCMP_ACT_ALLOW;
  else if (strcmp(name, "SCMP_ACT_ERRNO") == 0) *out = SCMP_ACT_ERRNO((uint16_t)ret);
  else if (strcmp(name, "SCMP_ACT_KILL") == 0 || strcmp(name, "SCMP_ACT_KILL_THREAD") == 0) *out = SCMP_ACT_KILL;
  else if (strcmp(name, "SCMP_ACT_KILL_PROCESS") == 0) *out = SCMP_ACT_KILL_PROCESS;
  else if (strcmp(name, "SCMP_ACT_TRAP") == 0) *out = SCMP_ACT_TRAP;
  else if (strcmp(name, "SCMP_ACT_TRACE") == 0) *out = SCMP_ACT_TRACE((uint16_t)ret);
  else if (strcmp(name, "SCMP_ACT_LOG") == 0) *out = SCMP_ACT_LOG;
  else if (strcmp(name, "SCMP_ACT_NOTIFY") == 0)
    return rt_errf(e, 0, "linux.seccomp: SCMP_ACT_NOTIFY (a seccomp listener) is not supported");
  else return rt_errf(e, 0, "linux.seccomp: unknown action \"%s\"", name);
  return 0;
}

static int parse_op(const char *name, enum scmp_compare *op) {
  static const struct {
    const char *n;
    enum scmp_compare op;
  } t[] = {{"SCMP_CMP_NE", SCMP_CMP_NE}, {"SCMP_CMP_LT", SCMP_CMP_LT}, {"SCMP_CMP_LE", SCMP_CMP_LE},
           {"SCMP_CMP_EQ", SCMP_CMP_EQ}, {"SCMP_CMP_GE", SCMP_CMP_GE}, {"SCMP_CMP_GT", SCMP_CMP_GT},
           {"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ}};
  for (size_t i = 0; i < sizeof t / sizeof *t; i++)
    if (strcmp(name, t[i].n) == 0) {
      *op = t[i].op;
      return 0;
    }
  return -1;
}

static int parse_args(const struct json *args, struct scmp_arg_cmp *cmp, size_t *n, bool *same_index,
                      struct rt_err *e) {
  *n = 0;
  *same_index = false;
  if (!args || args->type == JSON_NULL) return 0;
  if (args->type != JSON_ARRAY || args->n > 6) return rt_errf(e, 0, "linux.seccomp: args must be at most 6 conditions");
  for (size_t i = 0; i < args->n; i++) {
    const struct json *a = args->items[i], *op = json_get(a, "op");
    uint64_t idx, v1 = 0, v2 = 0;
    if (json_to_u64(json_get(a, "index"), &idx) < 0 || idx > 5)
      return rt_errf(e, 0, "linux.seccomp: args.index must be 0 to 5");
    if (json_to_u64(json_get(a, "value"), &v1) < 0) return rt_errf(e, 0, "linux.seccomp: args.value must be an integer");
    if (json_get(a, "valueTwo") && json_to_u64(json_get(a, "valueTwo"), &v2) < 0)
      return rt_errf(e, 0, "linux.seccomp: args.valueTwo must be an integer");
    if (!op || op->type != JSON_STRING || parse_op(op->s, &cmp[i].op) < 0)
      return rt_errf(e, 0, "linux.seccomp: unknown args.op");
    cmp[i].arg = (unsigned)idx;
    cmp[i].datum_a = v1;
    cmp[i].datum_b = v2;
    for (size_t k = 0; k < i; k++)
      if (cmp[k].arg == cmp[i].arg) *same_index = true;
    (*n)++;
  }
  return 0;
}

/* Conditions on distinct arguments must all hold (one rule); several on the
 * same argument are alternatives (one rule each), as runc and crun read them. */
static int add_syscall_rules(scmp_filter_ctx ctx, const struct json *rule, uint32_t def_action, uint32_t def_errno,
                             struct rt_err *e) {
  const struct json *names = json_get(rule, "names"), *action = json_get(rule, "action"), *name1 = json_get(rule, "name");
  uint32_t act;
  struct scmp_arg_cmp cmp[6];
  size_t ncmp;
  bool same;
  if (!action || action->type != JSON_STRING) return rt_errf(e, 0, "linux.seccomp: a syscalls entry needs an action");
  if (parse_action(action->s, json_get(rule, "errnoRet"), def_errno, &act, e) < 0) return -1;
  if (parse_args(json_get(rule, "args"), cmp, &ncmp, &same, e) < 0) return -1;
  if (act == def_action) return 0;
  size_t nnames = names && names->type == JSON_ARRAY ? names->n : 0;
  for (size_t i = 0; i < nnames + (name1 && name1->type == JSON_STRING); i++) {
    const struct json *nm = i < nnames ? names->items[i] : name1;
    if (nm->type != JSON_STRING) return rt_errf(e, 0, "linux.seccomp: syscall names must be strings");
    int nr = seccomp_syscall_resolve_name(nm->s);
    if (nr == __NR_SCMP_ERROR) {
      log_debug("seccomp: unknown syscall %s skipped", nm->s);
      continue;
    }
    int rc = 0;
    if (!same) rc = seccomp_rule_add_array(ctx, act, nr, (unsigned)ncmp, ncmp ? cmp : NULL);
    else
      for (size_t k = 0; k < ncmp && rc == 0; k++) rc = seccomp_rule_add_array(ctx, act, nr, 1, &cmp[k]);
    if (rc < 0) return rt_errf(e, -rc, "seccomp: add the rule for %s", nm->s);
  }
  return 0;
}

static int add_arches(scmp_filter_ctx ctx, const struct json *arches, struct rt_err *e) {
  if (!arches || arches->type != JSON_ARRAY) return 0;
  for (size_t i = 0; i < arches->n; i++) {
    const struct json *a = arches->items[i];
    if (a->type != JSON_STRING || strncmp(a->s, "SCMP_ARCH_", 10) != 0)
      return rt_errf(e, 0, "linux.seccomp.architectures: entries must be SCMP_ARCH_* names");
    char lower[32];
    size_t k = 0;
    for (const char *p = a->s + 10; *p && k < sizeof lower - 1; p++) lower[k++] = (char)tolower((unsigned char)*p);
    lower[k] = '\0';
    uint32_t token = seccomp_arch_resolve_name(lower);
    if (token == 0) {
      log_warn("linux.seccomp: architecture %s is unknown to libseccomp; skipped", a->s);
      continue;
    }
    int rc = seccomp_arch_add(ctx, token);
    if (rc < 0 && rc != -EEXIST) return rt_errf(e, -rc, "seccomp: add architecture %s", a->s);
  }
  return 0;
}

static int compile(const struct json *sc, int out_fd, struct rt_err *e) {
  const struct json *da = json_get(sc, "defaultAction"), *syscalls = json_get(sc, "syscalls");
  uint64_t def_errno = EPERM;
  uint32_t def_action;
  if (!da || da->type != JSON_STRING) return rt_errf(e, 0, "linux.seccomp.defaultAction is missing");
  if (json_get(sc, "defaultErrnoRet") && json_to_u64(json_get(sc, "defaultErrnoRet"), &def_errno) < 0)
    return rt_errf(e, 0, "linux.seccomp.defaultErrnoRet must be an integer");
  if (parse_action(da->s, json_get(sc, "defaultErrnoRet"), (uint32_t)def_errno, &def_action, e) < 0) return -1;
  scmp_filter_ctx ctx = seccomp_init(def_action);
  if (!ctx) return rt_errf(e, ENOMEM, "seccomp_init");
  int rc = -1;
  /* We set no_new_privs ourselves, when the config asks for it. */
  if (seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0) < 0) goto out;
  seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2); /* a binary tree: fewer instructions run per syscall */
  if (add_arches(ctx, json_get(sc, "architectures"), e) < 0) goto out;
  for (size_t i = 0; syscalls && syscalls->type == JSON_ARRAY && i < syscalls->n; i++)
    if (add_syscall_rules(ctx, syscalls->items[i], def_action, EPERM, e) < 0) goto out;
  int xr = seccomp_export_bpf(ctx, out_fd);
  if (xr < 0) {
    rt_errf(e, -xr, "seccomp: export the filter");
    goto out;
  }
  rc = 0;
out:
  if (rc < 0 && e->msg[0] == '\0') rt_errf(e, 0, "seccomp: invalid profile");
  seccomp_release(ctx);
  return rc;
}

static int parse_flags(const struct json *sc, unsigned *flags, struct rt_err *e) {
  const struct json *f = json_get(sc, "flags");
  *flags = 0;
  for (size_t i = 0; f && f->type == JSON_ARRAY && i < f->n; i++) {
    const char *s = f->items[i]->type == JSON_STRING ? f->items[i]->s : "";
    if (strcmp(s, "SECCOMP_FILTER_FLAG_TSYNC") == 0) *flags |= SECCOMP_FILTER_FLAG_TSYNC;
    else if (strcmp(s, "SECCOMP_FILTER_FLAG_LOG") == 0) *flags |= SECCOMP_FILTER_FLAG_LOG;
    else if (strcmp(s, "SECCOMP_FILTER_FLAG_SPEC_ALLOW") == 0) *flags |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
    else return rt_errf(e, 0, "linux.seccomp.flags: unknown flag \"%s\"", s);
  }
  return 0;
}

static int take_program(char *buf, size_t len, struct seccomp_prog *out, const char *path, struct rt_err *e) {
  if (len == 0 || len % sizeof(struct sock_filter) != 0 || len / sizeof(struct sock_filter) > BPF_MAXINSNS) {
    free(buf);
    return rt_errf(e, 0, "seccomp: %s is not a BPF program (%zu bytes)", path, len);
  }
  out->insns = (struct sock_filter *)buf;
  out->len = (unsigned short)(len / sizeof(struct sock_filter));
  return 0;
}

static void cache_key(const struct json *sc, char hex[65]) {
  struct sbuf b = {0};
  const struct scmp_version *v = seccomp_version();
  sbuf_printf(&b, "%s\nlibseccomp %u.%u.%u\n", CACHE_FORMAT, v->major, v->minor, v->micro);
  json_write(&b, sc);
  sha256_hex(b.p, b.len, hex);
  free(b.p);
}

int rt_seccomp_prepare(const struct json *sc, const char *state_root, struct seccomp_prog *out, struct rt_err *e) {
  memset(out, 0, sizeof *out);
  if (sc->type != JSON_OBJECT) return rt_errf(e, 0, "linux.seccomp must be an object");
  if (parse_flags(sc, &out->flags, e) < 0) return -1;
  cache_key(sc, out->hash);
  char *dir = path_join(state_root, "seccomp");
  char *path = xasprintf("%s/%s.bpf", dir, out->hash);
  char *buf;
  size_t len;
  struct rt_err miss = {0};
  int rc;
  if (read_file(path, &buf, &len, &miss) == 0) {
    out->from_cache = true;
    rc = take_program(buf, len, out, path, e);
    goto done;
  }
  rc = -1;
  if (mkdir_p(dir, 0700, e) < 0) goto done;
  char *tmp = xasprintf("%s.tmp.%d", path, (int)getpid());
  int fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    rt_errf(e, errno, "open %s", tmp);
  } else if (compile(sc, fd, e) == 0 && lseek(fd, 0, SEEK_SET) == 0 && read_fd_all(fd, &buf, &len) == 0) {
    rc = take_program(buf, len, out, tmp, e);
    if (rc == 0 && rename(tmp, path) < 0) log_warn("seccomp: cannot cache the filter at %s: %s", path, strerror(errno));
  }
  if (fd >= 0) close(fd);
  unlink(tmp);
  free(tmp);
done:
  free(dir);
  free(path);
  return rc;
}

int rt_seccomp_load(const struct seccomp_prog *p, struct rt_err *e) {
  struct sock_fprog prog = {p->len, p->insns};
  if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, p->flags, &prog) == 0) return 0;
  if (errno == EINVAL && p->flags) {
    log_warn("seccomp: the kernel refused flags 0x%x; loading the filter without them", p->flags);
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0) return 0;
  }
  if (errno == ENOSYS && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == 0) return 0;
  return rt_errf(e, errno, "load the seccomp filter");
}
