/* Device rules on cgroup v2: there is no devices.allow file, so the rules
 * become a BPF_PROG_TYPE_CGROUP_DEVICE program attached to the container's
 * cgroup. The program walks the rules from the last to the first and the
 * first that matches decides, which is what applying them in order to v1's
 * devices.allow/deny (initially "allow all") amounts to. */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup.h"

struct prog {
  struct bpf_insn *insn;
  size_t n, cap;
};

static void emit(struct prog *p, struct bpf_insn i) {
  if (p->n == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 64;
    p->insn = xrealloc(p->insn, p->cap * sizeof *p->insn);
  }
  p->insn[p->n++] = i;
}

#define INSN(c, d, s, o, i) ((struct bpf_insn){.code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i)})
#define LDX_W(dst, src, off) INSN(BPF_LDX | BPF_MEM | BPF_W, dst, src, off, 0)
#define MOV_REG(dst, src) INSN(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0)
#define MOV_IMM(dst, imm) INSN(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm)
#define AND_IMM(dst, imm) INSN(BPF_ALU64 | BPF_AND | BPF_K, dst, 0, 0, imm)
#define RSH_IMM(dst, imm) INSN(BPF_ALU64 | BPF_RSH | BPF_K, dst, 0, 0, imm)
#define JNE_IMM(dst, imm, off) INSN(BPF_JMP | BPF_JNE | BPF_K, dst, 0, off, imm)
#define JEQ_IMM(dst, imm, off) INSN(BPF_JMP | BPF_JEQ | BPF_K, dst, 0, off, imm)
#define EXIT() INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

static int access_bits(const char *a) {
  int bits = 0;
  if (strchr(a, 'm')) bits |= BPF_DEVCG_ACC_MKNOD;
  if (strchr(a, 'r')) bits |= BPF_DEVCG_ACC_READ;
  if (strchr(a, 'w')) bits |= BPF_DEVCG_ACC_WRITE;
  return bits;
}

/* One rule: a block that falls through to the next rule when it does not match. */
static void emit_rule(struct prog *p, const struct cg_device_rule *r) {
  int acc = access_bits(r->access);
  /* Instructions after each test up to the end of the block decide the jump distance. */
  int tail = 4; /* mov r1,r4; and r1,mask; jxx r1; mov r0; exit  (minus the jump itself) */
  int checks = (r->type != 'a') + (r->type != 'a' && r->major >= 0) + (r->type != 'a' && r->minor >= 0);
  int left = checks;
  if (r->type != 'a') {
    int dev = r->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR;
    emit(p, JNE_IMM(2, dev, (short)(--left + tail + 1)));
    if (r->major >= 0) emit(p, JNE_IMM(3, (int)r->major, (short)(--left + tail + 1)));
    if (r->minor >= 0) emit(p, JNE_IMM(5, (int)r->minor, (short)(--left + tail + 1)));
  }
  emit(p, MOV_REG(1, 4));
  if (r->allow) {
    /* allowed when every requested access is in the rule */
    emit(p, AND_IMM(1, ~acc & 7));
    emit(p, JNE_IMM(1, 0, 2));
  } else {
    /* denied when any requested access is in the rule */
    emit(p, AND_IMM(1, acc));
    emit(p, JEQ_IMM(1, 0, 2));
  }
  emit(p, MOV_IMM(0, r->allow ? 1 : 0));
  emit(p, EXIT());
}

static void build(struct prog *p, const struct cg_device_rule *rules, size_t n) {
  emit(p, LDX_W(2, 1, 0)); /* access_type */
  emit(p, MOV_REG(4, 2));
  emit(p, AND_IMM(2, 0xFFFF)); /* r2 = device type */
  emit(p, RSH_IMM(4, 16));     /* r4 = requested access */
  emit(p, LDX_W(3, 1, 4));     /* r3 = major */
  emit(p, LDX_W(5, 1, 8));     /* r5 = minor */
  for (size_t i = cg_ndefault_devices; i-- > 0;) emit_rule(p, &cg_default_devices[i]);
  for (size_t i = n; i-- > 0;) emit_rule(p, &rules[i]);
  emit(p, MOV_IMM(0, 1));
  emit(p, EXIT());
}

static int bpf(int cmd, union bpf_attr *a) { return (int)syscall(SYS_bpf, cmd, a, sizeof *a); }

/* Detaches what an earlier start or update attached, so rules are replaced, not stacked. */
static void detach_old(int cg) {
  uint32_t ids[64], count = 64;
  union bpf_attr q;
  memset(&q, 0, sizeof q);
  q.query.target_fd = (uint32_t)cg;
  q.query.attach_type = BPF_CGROUP_DEVICE;
  q.query.prog_ids = (uint64_t)(uintptr_t)ids;
  q.query.prog_cnt = count;
  if (bpf(BPF_PROG_QUERY, &q) < 0) return;
  for (uint32_t i = 0; i < q.query.prog_cnt; i++) {
    union bpf_attr g;
    memset(&g, 0, sizeof g);
    g.prog_id = ids[i];
    int fd = bpf(BPF_PROG_GET_FD_BY_ID, &g);
    if (fd < 0) continue;
    union bpf_attr d;
    memset(&d, 0, sizeof d);
    d.target_fd = (uint32_t)cg;
    d.attach_bpf_fd = (uint32_t)fd;
    d.attach_type = BPF_CGROUP_DEVICE;
    bpf(BPF_PROG_DETACH, &d);
    close(fd);
  }
}

int cgroup_v2_devices(const char *dir, const struct cg_device_rule *rules, size_t n, struct rt_err *e) {
  struct prog p = {0};
  char log[4096] = "";
  build(&p, rules, n);
  union bpf_attr a;
  memset(&a, 0, sizeof a);
  a.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  a.insns = (uint64_t)(uintptr_t)p.insn;
  a.insn_cnt = (uint32_t)p.n;
  a.license = (uint64_t)(uintptr_t) "Apache-2.0";
  int prog = bpf(BPF_PROG_LOAD, &a);
  if (prog < 0) {
    /* Again with the verifier's log, only to say why (a log that fills up is ENOSPC). */
    int err = errno;
    a.log_buf = (uint64_t)(uintptr_t)log;
    a.log_size = sizeof log;
    a.log_level = 1;
    bpf(BPF_PROG_LOAD, &a);
    free(p.insn);
    size_t n = strlen(log);
    return rt_errf(e, err, "load the device filter for %s (verifier: %s)", dir, n > 300 ? log + n - 300 : log);
  }
  free(p.insn);
  int cg = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (cg < 0) {
    close(prog);
    return rt_errf(e, errno, "open %s", dir);
  }
  detach_old(cg);
  memset(&a, 0, sizeof a);
  a.target_fd = (uint32_t)cg;
  a.attach_bpf_fd = (uint32_t)prog;
  a.attach_type = BPF_CGROUP_DEVICE;
  a.attach_flags = BPF_F_ALLOW_MULTI;
  int rc = bpf(BPF_PROG_ATTACH, &a);
  int saved = errno;
  close(cg);
  close(prog);
  if (rc < 0) return rt_errf(e, saved, "attach the device filter to %s", dir);
  return 0;
}
