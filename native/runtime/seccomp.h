/* linux.seccomp: compiled to classic BPF with libseccomp once per distinct
 * profile and cached under <root>/seccomp/<sha256>.bpf, keyed by a hash of
 * the profile's JSON, the libseccomp version and our cache format, because
 * compiling Docker's default profile costs milliseconds on every start while
 * reading the cached program costs microseconds. */
#ifndef RT_SECCOMP_H
#define RT_SECCOMP_H

#include <linux/filter.h>
#include <stdbool.h>

#include "error.h"
#include "json.h"

struct seccomp_prog {
  struct sock_filter *insns;
  unsigned short len;
  unsigned int flags; /* SECCOMP_FILTER_FLAG_* */
  char hash[65];
  bool from_cache;
};

int rt_seccomp_prepare(const struct json *seccomp, const char *state_root, struct seccomp_prog *out, struct rt_err *e);
int rt_seccomp_load(const struct seccomp_prog *p, struct rt_err *e);

#endif
