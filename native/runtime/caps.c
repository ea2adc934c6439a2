#include "caps.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

static int last_cap = -1;

int caps_last_cap(void) {
  if (last_cap >= 0) return last_cap;
  char *buf;
  struct rt_err ign = {0};
  last_cap = 40;
  if (read_file("/proc/sys/kernel/cap_last_cap", &buf, NULL, &ign) == 0) {
    last_cap = atoi(buf);
    free(buf);
  }
  return last_cap;
}

/* Our own bounding set: a container cannot get a capability the runtime lacks. */
static uint64_t own_bounding(void) {
  char *buf, *p;
  struct rt_err ign = {0};
  uint64_t v = ~0ULL;
  if (read_file("/proc/self/status", &buf, NULL, &ign) < 0) return v;
  if ((p = strstr(buf, "\nCapBnd:"))) v = strtoull(p + 8, NULL, 16);
  free(buf);
  return v;
}

void caps_check_kernel(struct spec_process *p) {
  if (!p->has_caps) return;
  int last = caps_last_cap();
  uint64_t known = last >= 63 ? ~0ULL : (1ULL << (last + 1)) - 1, unknown = 0, ours = own_bounding(), missing = 0;
  for (int s = 0; s < CAP_NSETS; s++) {
    unknown |= p->caps.set[s] & ~known;
    missing |= p->caps.set[s] & known & ~ours;
    p->caps.set[s] &= known & ours;
  }
  for (int c = 0; c < 64; c++) {
    if (unknown & (1ULL << c)) log_warn("capability %s is not supported by this kernel; ignored", cap_name(c));
    if (missing & (1ULL << c))
      log_warn("capability %s is not in the runtime's own bounding set, so no container can have it; dropped",
               cap_name(c));
  }
}

static int drop_bounding(uint64_t keep, struct rt_err *e) {
  for (int c = 0; c <= caps_last_cap(); c++) {
    if (keep & (1ULL << c)) continue;
    if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
      return rt_errf(e, errno, "drop capability %s from the bounding set", cap_name(c));
  }
  return 0;
}

static int set_caps(const struct spec_caps *c, struct rt_err *e) {
  struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2];
  for (int i = 0; i < 2; i++) {
    data[i].effective = (uint32_t)(c->set[CAP_EFFECTIVE] >> (32 * i));
    data[i].permitted = (uint32_t)(c->set[CAP_PERMITTED] >> (32 * i));
    data[i].inheritable = (uint32_t)(c->set[CAP_INHERITABLE] >> (32 * i));
  }
  if (syscall(SYS_capset, &hdr, data) < 0) return rt_errf(e, errno, "capset");
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
    return rt_errf(e, errno, "clear the ambient capabilities");
  for (int cap = 0; cap <= caps_last_cap(); cap++) {
    if (!(c->set[CAP_AMBIENT] & (1ULL << cap))) continue;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
      log_warn("cannot raise ambient capability %s (it must also be permitted and inheritable): %s", cap_name(cap),
               strerror(errno));
  }
  return 0;
}

int creds_apply(const struct spec_process *p, bool setgroups_allowed, struct rt_err *e) {
  if (p->has_caps && drop_bounding(p->caps.set[CAP_BOUNDING], e) < 0) return -1;
  if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) return rt_errf(e, errno, "prctl PR_SET_KEEPCAPS");
  if (setgroups_allowed && setgroups(p->ngids, p->gids) < 0)
    return rt_errf(e, errno, "setgroups (process.user.additionalGids)");
  if (setresgid(p->gid, p->gid, p->gid) < 0) return rt_errf(e, errno, "setresgid %u", p->gid);
  if (setresuid(p->uid, p->uid, p->uid) < 0) return rt_errf(e, errno, "setresuid %u", p->uid);
  if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0) return rt_errf(e, errno, "prctl PR_SET_KEEPCAPS");
  if (p->has_caps && set_caps(&p->caps, e) < 0) return -1;
  return 0;
}

int cap_parse_list(const char **names, size_t n, uint64_t *out, struct rt_err *e) {
  *out = 0;
  for (size_t i = 0; i < n; i++) {
    int c = cap_from_name(names[i]);
    if (c < 0) return rt_errf(e, 0, "unknown capability \"%s\"", names[i]);
    *out |= 1ULL << c;
  }
  return 0;
}
