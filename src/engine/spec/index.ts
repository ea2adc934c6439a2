/** The config.json generator: a container description and host facts in, an OCI spec and warnings out. */
export type { ContainerDescription, DeviceMapping, ImageConfig, MountSpec, NamespaceMode, NetworkMode, Ulimit } from './description.js';
export type { CgroupFeatures, GeneratedSpec, HostDevice, SpecContext } from './context.js';
export { ALL_CGROUP_FEATURES } from './context.js';
export type { OciSpec, OciProcess, OciMount } from './oci.js';
export { generateSpec, serializeSpec } from './generate.js';
export { DEFAULT_CAPABILITIES, ALL_CAPABILITIES } from './defaults.js';
export { DEFAULT_SECCOMP_PROFILE } from './seccomp/default-profile.js';
export { parseSeccompProfile, goArch } from './seccomp/render.js';
export type { SeccompProfile } from './seccomp/profile-types.js';
export { parseSecurityOpt } from './security-opt.js';
