export { CGROUP_ROOT, crunRefusal, detectCgroupLayout, type CgroupLayout, type CgroupMode } from './mode.js';
export { cgroupFeatures } from './features.js';
export { cgroupDirs, networkBytes, oomEventsFile, oomKillCount, readCgroupStats, systemCpuNs, type CgroupStats } from './stats.js';
