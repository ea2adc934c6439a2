/**
 * Docker's default seccomp profile, authored here from the semantics of
 * moby's profiles/seccomp default (the 2025 profile, v0.2.x): deny with EPERM
 * by default, allow ~360 syscalls outright, and gate the rest on the
 * container's bounding capabilities, the architecture and the kernel version.
 *
 * Differences from the profile dockerd 20.10 renders on this machine (kept in
 * test/fixtures/engine/docker-20.10/ and checked by a unit test): io_uring_*
 * are denied (moby 25), socket(2) is allowed for every address family except
 * AF_ALG and AF_VSOCK, and syscalls of newer kernels are allowed (cachestat,
 * fchmodat2, futex_wait/wake/requeue, map_shadow_stack, mseal, uretprobe,
 * listmount, statmount, lsm_*, *xattrat, pkey_*).
 *
 * The names are grouped by what they do rather than alphabetically; the
 * rendered config sorts them.
 */
import type { ProfileRule, SeccompProfile } from './profile-types.js';

const files = [
  'access', 'chdir', 'chmod', 'chown', 'chown32', 'close', 'close_range', 'copy_file_range', 'creat', 'dup', 'dup2', 'dup3',
  'faccessat', 'faccessat2', 'fadvise64', 'fadvise64_64', 'fallocate', 'fchdir', 'fchmod', 'fchmodat', 'fchmodat2', 'fchown',
  'fchown32', 'fchownat', 'fcntl', 'fcntl64', 'fdatasync', 'flock', 'fstat', 'fstat64', 'fstatat64', 'fstatfs', 'fstatfs64',
  'fsync', 'ftruncate', 'ftruncate64', 'futimesat', 'getcwd', 'getdents', 'getdents64', 'lchown', 'lchown32', 'link', 'linkat',
  '_llseek', 'lseek', 'lstat', 'lstat64', 'mkdir', 'mkdirat', 'mknod', 'mknodat', 'newfstatat', 'open', 'openat', 'openat2',
  'pread64', 'preadv', 'preadv2', 'pwrite64', 'pwritev', 'pwritev2', 'read', 'readahead', 'readlink', 'readlinkat', 'readv',
  'rename', 'renameat', 'renameat2', 'rmdir', 'sendfile', 'sendfile64', 'splice', 'stat', 'stat64', 'statfs', 'statfs64',
  'statx', 'symlink', 'symlinkat', 'sync', 'sync_file_range', 'syncfs', 'tee', 'truncate', 'truncate64', 'umask', 'unlink',
  'unlinkat', 'utime', 'utimensat', 'utimensat_time64', 'utimes', 'vmsplice', 'write', 'writev', 'cachestat', 'listmount',
  'statmount',
];

const xattrs = [
  'fgetxattr', 'flistxattr', 'fremovexattr', 'fsetxattr', 'getxattr', 'lgetxattr', 'listxattr', 'llistxattr', 'lremovexattr',
  'lsetxattr', 'removexattr', 'setxattr', 'getxattrat', 'listxattrat', 'removexattrat', 'setxattrat',
];

const events = [
  'epoll_create', 'epoll_create1', 'epoll_ctl', 'epoll_ctl_old', 'epoll_pwait', 'epoll_pwait2', 'epoll_wait', 'epoll_wait_old',
  'eventfd', 'eventfd2', 'fanotify_mark', 'inotify_add_watch', 'inotify_init', 'inotify_init1', 'inotify_rm_watch', 'poll',
  'ppoll', 'ppoll_time64', 'pselect6', 'pselect6_time64', 'select', '_newselect', 'signalfd', 'signalfd4', 'timerfd_create',
  'timerfd_gettime', 'timerfd_gettime64', 'timerfd_settime', 'timerfd_settime64', 'pipe', 'pipe2',
];

const aio = ['io_cancel', 'io_destroy', 'io_getevents', 'io_pgetevents', 'io_pgetevents_time64', 'io_setup', 'io_submit'];

const memory = [
  'brk', 'madvise', 'map_shadow_stack', 'membarrier', 'memfd_create', 'memfd_secret', 'mincore', 'mlock', 'mlock2', 'mlockall',
  'mmap', 'mmap2', 'mprotect', 'mremap', 'mseal', 'msync', 'munlock', 'munlockall', 'munmap', 'remap_file_pages', 'pkey_alloc',
  'pkey_free', 'pkey_mprotect',
];

const processes = [
  'capget', 'capset', 'execve', 'execveat', 'exit', 'exit_group', 'fork', 'vfork', 'wait4', 'waitid', 'waitpid', 'kill', 'tgkill',
  'tkill', 'pidfd_open', 'pidfd_send_signal', 'process_mrelease', 'prctl', 'getpid', 'getppid', 'gettid', 'getpgid', 'getpgrp',
  'getsid', 'setpgid', 'setsid', 'getpriority', 'setpriority', 'getrlimit', 'setrlimit', 'prlimit64', 'ugetrlimit', 'getrusage',
  'ioprio_get', 'ioprio_set', 'seccomp', 'set_tid_address', 'get_robust_list', 'set_robust_list', 'rseq', 'restart_syscall',
  'get_thread_area', 'set_thread_area', 'landlock_add_rule', 'landlock_create_ruleset', 'landlock_restrict_self',
  'lsm_get_self_attr', 'lsm_list_modules', 'lsm_set_self_attr', 'uretprobe', 'ioctl', 'uname', 'sysinfo', 'getrandom', 'getcpu',
];

const credentials = [
  'getegid', 'getegid32', 'geteuid', 'geteuid32', 'getgid', 'getgid32', 'getgroups', 'getgroups32', 'getresgid', 'getresgid32',
  'getresuid', 'getresuid32', 'getuid', 'getuid32', 'setfsgid', 'setfsgid32', 'setfsuid', 'setfsuid32', 'setgid', 'setgid32',
  'setgroups', 'setgroups32', 'setregid', 'setregid32', 'setresgid', 'setresgid32', 'setresuid', 'setresuid32', 'setreuid',
  'setreuid32', 'setuid', 'setuid32',
];

const scheduling = [
  'sched_get_priority_max', 'sched_get_priority_min', 'sched_getaffinity', 'sched_getattr', 'sched_getparam',
  'sched_getscheduler', 'sched_rr_get_interval', 'sched_rr_get_interval_time64', 'sched_setaffinity', 'sched_setattr',
  'sched_setparam', 'sched_setscheduler', 'sched_yield',
];

const signals = [
  'alarm', 'pause', 'rt_sigaction', 'rt_sigpending', 'rt_sigprocmask', 'rt_sigqueueinfo', 'rt_sigreturn', 'rt_sigsuspend',
  'rt_sigtimedwait', 'rt_sigtimedwait_time64', 'rt_tgsigqueueinfo', 'sigaltstack', 'sigprocmask', 'sigreturn',
];

const time = [
  'adjtimex', 'clock_adjtime', 'clock_adjtime64', 'clock_getres', 'clock_getres_time64', 'clock_gettime', 'clock_gettime64',
  'clock_nanosleep', 'clock_nanosleep_time64', 'getitimer', 'setitimer', 'gettimeofday', 'nanosleep', 'time', 'times',
  'timer_create', 'timer_delete', 'timer_getoverrun', 'timer_gettime', 'timer_gettime64', 'timer_settime', 'timer_settime64',
];

const futexes = ['futex', 'futex_requeue', 'futex_time64', 'futex_wait', 'futex_waitv', 'futex_wake'];

const sockets = [
  'accept', 'accept4', 'bind', 'connect', 'getpeername', 'getsockname', 'getsockopt', 'listen', 'recv', 'recvfrom', 'recvmmsg',
  'recvmmsg_time64', 'recvmsg', 'send', 'sendmmsg', 'sendmsg', 'sendto', 'setsockopt', 'shutdown', 'socketcall', 'socketpair',
];

const sysvIpc = [
  'ipc', 'msgctl', 'msgget', 'msgrcv', 'msgsnd', 'semctl', 'semget', 'semop', 'semtimedop', 'semtimedop_time64', 'shmat',
  'shmctl', 'shmdt', 'shmget', 'mq_getsetattr', 'mq_notify', 'mq_open', 'mq_timedreceive', 'mq_timedreceive_time64',
  'mq_timedsend', 'mq_timedsend_time64', 'mq_unlink',
];

export const ALWAYS_ALLOWED: readonly string[] = [
  ...files, ...xattrs, ...events, ...aio, ...memory, ...processes, ...credentials, ...scheduling, ...signals, ...time,
  ...futexes, ...sockets, ...sysvIpc,
].sort();

const allow = 'SCMP_ACT_ALLOW';
/** CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET: clone(2) may not create namespaces without CAP_SYS_ADMIN. */
const CLONE_NAMESPACE_FLAGS = 0x7e020000;
const AF_ALG = 38;
const AF_VSOCK = 40;

/** personality(2) personas a container may switch to: PER_LINUX, UNAME26, ADDR_NO_RANDOMIZE, both, and the query. */
const personalities = [0x0, 0x8, 0x20000, 0x20008, 0xffffffff];

function capRule(names: string[], cap: string): ProfileRule {
  return { names, action: allow, includes: { caps: [cap] } };
}

function archRule(names: string[], arches: string[]): ProfileRule {
  return { names, action: allow, includes: { arches } };
}

const rules: ProfileRule[] = [
  { names: [...ALWAYS_ALLOWED], action: allow },
  { names: ['process_vm_readv', 'process_vm_writev', 'ptrace'], action: allow, includes: { minKernel: '4.8' } },
  { names: ['socket'], action: allow, args: [{ index: 0, value: AF_ALG, op: 'SCMP_CMP_LT' }] },
  { names: ['socket'], action: allow, args: [{ index: 0, value: AF_ALG + 1, op: 'SCMP_CMP_EQ' }] },
  { names: ['socket'], action: allow, args: [{ index: 0, value: AF_VSOCK, op: 'SCMP_CMP_GT' }] },
  ...personalities.map((p): ProfileRule => ({ names: ['personality'], action: allow, args: [{ index: 0, value: p, op: 'SCMP_CMP_EQ' }] })),
  archRule(['sync_file_range2', 'swapcontext'], ['ppc64le']),
  archRule(['arm_fadvise64_64', 'arm_sync_file_range', 'sync_file_range2', 'breakpoint', 'cacheflush', 'set_tls'], ['arm', 'arm64']),
  archRule(['arch_prctl'], ['amd64', 'x32']),
  archRule(['modify_ldt'], ['amd64', 'x32', 'x86']),
  archRule(['s390_pci_mmio_read', 's390_pci_mmio_write', 's390_runtime_instr'], ['s390', 's390x']),
  archRule(['riscv_flush_icache'], ['riscv64']),
  capRule(['open_by_handle_at'], 'CAP_DAC_READ_SEARCH'),
  capRule(
    [
      'bpf', 'clone', 'clone3', 'fanotify_init', 'fsconfig', 'fsmount', 'fsopen', 'fspick', 'lookup_dcookie', 'mount',
      'mount_setattr', 'move_mount', 'name_to_handle_at', 'open_tree', 'perf_event_open', 'quotactl', 'quotactl_fd',
      'setdomainname', 'sethostname', 'setns', 'syslog', 'umount', 'umount2', 'unshare',
    ],
    'CAP_SYS_ADMIN',
  ),
  {
    names: ['clone'],
    action: allow,
    args: [{ index: 0, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
    excludes: { caps: ['CAP_SYS_ADMIN'], arches: ['s390', 's390x'] },
  },
  {
    // s390 passes clone's flags as the second argument.
    names: ['clone'],
    action: allow,
    args: [{ index: 1, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
    includes: { arches: ['s390', 's390x'] },
    excludes: { caps: ['CAP_SYS_ADMIN'] },
  },
  {
    // ENOSYS, not EPERM, so that glibc falls back to clone(2), which the rule above can inspect.
    names: ['clone3'],
    action: 'SCMP_ACT_ERRNO',
    errnoRet: 38,
    excludes: { caps: ['CAP_SYS_ADMIN'] },
  },
  capRule(['reboot'], 'CAP_SYS_BOOT'),
  capRule(['chroot'], 'CAP_SYS_CHROOT'),
  capRule(['delete_module', 'init_module', 'finit_module'], 'CAP_SYS_MODULE'),
  capRule(['acct'], 'CAP_SYS_PACCT'),
  capRule(['kcmp', 'pidfd_getfd', 'process_madvise', 'process_vm_readv', 'process_vm_writev', 'ptrace'], 'CAP_SYS_PTRACE'),
  capRule(['iopl', 'ioperm'], 'CAP_SYS_RAWIO'),
  capRule(['settimeofday', 'stime', 'clock_settime', 'clock_settime64'], 'CAP_SYS_TIME'),
  capRule(['vhangup'], 'CAP_SYS_TTY_CONFIG'),
  capRule(['get_mempolicy', 'mbind', 'set_mempolicy', 'set_mempolicy_home_node'], 'CAP_SYS_NICE'),
  capRule(['syslog'], 'CAP_SYSLOG'),
  capRule(['bpf'], 'CAP_BPF'),
  capRule(['perf_event_open'], 'CAP_PERFMON'),
];

export const DEFAULT_SECCOMP_PROFILE: SeccompProfile = {
  defaultAction: 'SCMP_ACT_ERRNO',
  defaultErrnoRet: 1,
  archMap: [
    { architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] },
    { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] },
    { architecture: 'SCMP_ARCH_MIPS64', subArchitectures: ['SCMP_ARCH_MIPS', 'SCMP_ARCH_MIPS64N32'] },
    { architecture: 'SCMP_ARCH_MIPS64N32', subArchitectures: ['SCMP_ARCH_MIPS', 'SCMP_ARCH_MIPS64'] },
    { architecture: 'SCMP_ARCH_MIPSEL64', subArchitectures: ['SCMP_ARCH_MIPSEL', 'SCMP_ARCH_MIPSEL64N32'] },
    { architecture: 'SCMP_ARCH_MIPSEL64N32', subArchitectures: ['SCMP_ARCH_MIPSEL', 'SCMP_ARCH_MIPSEL64'] },
    { architecture: 'SCMP_ARCH_S390X', subArchitectures: ['SCMP_ARCH_S390'] },
    { architecture: 'SCMP_ARCH_RISCV64', subArchitectures: null },
    { architecture: 'SCMP_ARCH_LOONGARCH64', subArchitectures: null },
  ],
  syscalls: rules,
};
