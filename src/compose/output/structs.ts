/**
 * compose-go v2.4.8's Go types (types/*.go), as data: each struct's fields in
 * declaration order, which is the order encoding/json and yaml.v3 print them.
 *
 * Type codes: s string, i int, f float32, b bool, pb/pi pointer bool/int
 * (printed even when false/0), d Duration, pd *Duration, B UnitBytes,
 * sl []string (a bare string becomes a one-item list), cmd ShellCommand,
 * ht HealthCheckTest, env MappingWithEquals, map map[string]string (a
 * `k=v` list becomes a map), any (printed as is), count DeviceCount,
 * hosts HostsList, envfiles []EnvFile, ssh SSHConfig, ulimit UlimitsConfig.
 * Struct references: S:Name a struct value, P:Name a pointer, L:Name a list,
 * M:Name a map of values, MP:Name a map of pointers (null allowed).
 * Flags: `req` never omitted; `jsonreq` never omitted in JSON (ShellCommand).
 * A fourth item names the field in JSON when it differs from the model key.
 */
export type Flag = 'req' | 'jsonreq';
export type FieldSpec = readonly [key: string, type: string, flag?: Flag, jsonKey?: string];

const FILE_REF: readonly FieldSpec[] = [['source', 's'], ['target', 's'], ['uid', 's'], ['gid', 's'], ['mode', 'pi']];
const FILE_OBJECT: readonly FieldSpec[] = [
  ['name', 's'], ['file', 's'], ['environment', 's'], ['content', 's'], ['external', 'b'], ['labels', 'map'],
  ['driver', 's'], ['driver_opts', 'map'], ['template_driver', 's'],
];
const UPDATE: readonly FieldSpec[] = [
  ['parallelism', 'pi'], ['delay', 'd'], ['failure_action', 's'], ['monitor', 'd'], ['max_failure_ratio', 'f'], ['order', 's'],
];
const THROTTLE: readonly FieldSpec[] = [['path', 's', 'req', 'Path'], ['rate', 'B', 'req', 'Rate']];

export const STRUCTS: Readonly<Record<string, readonly FieldSpec[]>> = {
  Project: [['name', 's'], ['services', 'M:Service', 'req'], ['networks', 'M:Network'], ['volumes', 'M:VolumeTop'], ['secrets', 'M:Secret'], ['configs', 'M:Config']],
  Service: [
    ['profiles', 'sl'], ['annotations', 'map'], ['attach', 'pb'], ['build', 'P:Build'], ['develop', 'P:Develop'],
    ['blkio_config', 'P:Blkio'], ['cap_add', 'sl'], ['cap_drop', 'sl'], ['cgroup_parent', 's'], ['cgroup', 's'],
    ['cpu_count', 'i'], ['cpu_percent', 'f'], ['cpu_period', 'i'], ['cpu_quota', 'i'], ['cpu_rt_period', 'i'],
    ['cpu_rt_runtime', 'i'], ['cpus', 'f'], ['cpuset', 's'], ['cpu_shares', 'i'], ['command', 'cmd', 'jsonreq'],
    ['configs', 'L:FileRef'], ['container_name', 's'], ['credential_spec', 'P:CredentialSpec'], ['depends_on', 'M:Dependency'],
    ['deploy', 'P:Deploy'], ['device_cgroup_rules', 'sl'], ['devices', 'L:Device'], ['dns', 'sl'], ['dns_opt', 'sl'],
    ['dns_search', 'sl'], ['dockerfile', 's'], ['domainname', 's'], ['entrypoint', 'cmd', 'jsonreq'], ['environment', 'env'],
    ['env_file', 'envfiles'], ['expose', 'sl'], ['extends', 'P:Extends'], ['external_links', 'sl'], ['extra_hosts', 'hosts'],
    ['group_add', 'sl'], ['gpus', 'L:DeviceRequest'], ['hostname', 's'], ['healthcheck', 'P:Healthcheck'], ['image', 's'],
    ['init', 'pb'], ['ipc', 's'], ['isolation', 's'], ['labels', 'map'], ['label_file', 'sl'], ['links', 'sl'],
    ['logging', 'P:Logging'], ['log_driver', 's'], ['log_opt', 'map'], ['mem_limit', 'B'], ['mem_reservation', 'B'],
    ['memswap_limit', 'B'], ['mem_swappiness', 'B'], ['mac_address', 's'], ['net', 's'], ['network_mode', 's'],
    ['networks', 'MP:ServiceNetwork'], ['oom_kill_disable', 'b'], ['oom_score_adj', 'i'], ['pid', 's'], ['pids_limit', 'i'],
    ['platform', 's'], ['ports', 'L:Port'], ['privileged', 'b'], ['pull_policy', 's'], ['read_only', 'b'], ['restart', 's'],
    ['runtime', 's'], ['scale', 'pi'], ['secrets', 'L:FileRef'], ['security_opt', 'sl'], ['shm_size', 'B'],
    ['stdin_open', 'b'], ['stop_grace_period', 'pd'], ['stop_signal', 's'], ['storage_opt', 'map'], ['sysctls', 'map'],
    ['tmpfs', 'sl'], ['tty', 'b'], ['ulimits', 'M:Ulimit'], ['user', 's'], ['userns_mode', 's'], ['uts', 's'],
    ['volume_driver', 's'], ['volumes', 'L:Volume'], ['volumes_from', 'sl'], ['working_dir', 's'],
    ['post_start', 'L:Hook'], ['pre_stop', 'L:Hook'],
  ],
  Build: [
    ['context', 's'], ['dockerfile', 's'], ['dockerfile_inline', 's'], ['entitlements', 'sl'], ['args', 'env'], ['ssh', 'ssh'],
    ['labels', 'map'], ['cache_from', 'sl'], ['cache_to', 'sl'], ['no_cache', 'b'], ['additional_contexts', 'map'],
    ['pull', 'b'], ['extra_hosts', 'hosts'], ['isolation', 's'], ['network', 's'], ['target', 's'], ['secrets', 'L:FileRef'],
    ['shm_size', 'B'], ['tags', 'sl'], ['ulimits', 'M:Ulimit'], ['platforms', 'sl'], ['privileged', 'b'],
  ],
  Blkio: [
    ['weight', 'i'], ['weight_device', 'L:WeightDevice'], ['device_read_bps', 'L:Throttle'], ['device_read_iops', 'L:Throttle'],
    ['device_write_bps', 'L:Throttle'], ['device_write_iops', 'L:Throttle'],
  ],
  // Untagged fields: encoding/json uses the Go names, yaml.v3 lowercases them, and neither omits them.
  WeightDevice: [['path', 's', 'req', 'Path'], ['weight', 'i', 'req', 'Weight']],
  Throttle: THROTTLE,
  Device: [['source', 's'], ['target', 's'], ['permissions', 's']],
  Develop: [['watch', 'L:Trigger']],
  Trigger: [['path', 's', 'req'], ['action', 's', 'req'], ['target', 's'], ['exec', 'S:Hook'], ['ignore', 'sl']],
  Hook: [['command', 'cmd', 'jsonreq'], ['user', 's'], ['privileged', 'b'], ['working_dir', 's'], ['environment', 'env']],
  CredentialSpec: [['config', 's'], ['file', 's'], ['registry', 's']],
  Dependency: [['condition', 's'], ['restart', 'b'], ['required', 'b', 'req']],
  Deploy: [
    ['mode', 's'], ['replicas', 'pi'], ['labels', 'map'], ['update_config', 'P:Update'], ['rollback_config', 'P:Update'],
    ['resources', 'S:Resources'], ['restart_policy', 'P:RestartPolicy'], ['placement', 'S:Placement'], ['endpoint_mode', 's'],
  ],
  Update: UPDATE,
  Resources: [['limits', 'P:Resource'], ['reservations', 'P:Resource']],
  Resource: [['cpus', 'f'], ['memory', 'B'], ['pids', 'i'], ['devices', 'L:DeviceRequest'], ['generic_resources', 'L:GenericResource']],
  GenericResource: [['discrete_resource_spec', 'P:DiscreteResource']],
  DiscreteResource: [['kind', 's', 'req'], ['value', 'i', 'req']],
  DeviceRequest: [['capabilities', 'sl'], ['driver', 's'], ['count', 'count'], ['device_ids', 'sl'], ['options', 'map']],
  RestartPolicy: [['condition', 's'], ['delay', 'pd'], ['max_attempts', 'pi'], ['window', 'pd']],
  Placement: [['constraints', 'sl'], ['preferences', 'L:PlacementPreference'], ['max_replicas_per_node', 'i']],
  PlacementPreference: [['spread', 's']],
  Extends: [['file', 's'], ['service', 's']],
  Healthcheck: [
    ['test', 'ht'], ['timeout', 'pd'], ['interval', 'pd'], ['retries', 'pi'], ['start_period', 'pd'],
    ['start_interval', 'pd'], ['disable', 'b'],
  ],
  Logging: [['driver', 's'], ['options', 'map']],
  // gw_priority is decoded, but the project's deep copy (derived.gen.go, not
  // regenerated for it at v2.4.8) drops it, so docker compose never prints it.
  ServiceNetwork: [
    ['priority', 'i'], ['aliases', 'sl'], ['ipv4_address', 's'], ['ipv6_address', 's'],
    ['link_local_ips', 'sl'], ['mac_address', 's'], ['driver_opts', 'map'],
  ],
  Port: [
    ['name', 's'], ['mode', 's'], ['host_ip', 's'], ['target', 'i'], ['published', 's'], ['protocol', 's'], ['app_protocol', 's'],
  ],
  FileRef: FILE_REF,
  Ulimit: [['single', 'i'], ['soft', 'i'], ['hard', 'i']],
  Volume: [
    ['type', 's'], ['source', 's'], ['target', 's'], ['read_only', 'b'], ['consistency', 's'], ['bind', 'P:VolumeBind'],
    ['volume', 'P:VolumeVolume'], ['tmpfs', 'P:VolumeTmpfs'],
  ],
  VolumeBind: [['selinux', 's'], ['propagation', 's'], ['create_host_path', 'b'], ['recursive', 's']],
  VolumeVolume: [['nocopy', 'b'], ['subpath', 's']],
  VolumeTmpfs: [['size', 'B'], ['mode', 'i']],
  Network: [
    ['name', 's'], ['driver', 's'], ['driver_opts', 'map'], ['ipam', 'S:Ipam'], ['external', 'b'], ['internal', 'b'],
    ['attachable', 'b'], ['labels', 'map'], ['enable_ipv4', 'pb'], ['enable_ipv6', 'pb'],
  ],
  Ipam: [['driver', 's'], ['config', 'L:IpamPool']],
  IpamPool: [['subnet', 's'], ['gateway', 's'], ['ip_range', 's'], ['aux_addresses', 'map']],
  VolumeTop: [['name', 's'], ['driver', 's'], ['driver_opts', 'map'], ['external', 'b'], ['labels', 'map']],
  Secret: FILE_OBJECT,
  Config: FILE_OBJECT,
};

/** Structs whose x-* keys compose-go never decodes (Project's are placed by renderProject). */
export const NO_EXTENSIONS: ReadonlySet<string> = new Set(['DeviceRequest', 'Extends', 'IpamPool', 'Project']);

/**
 * Fields a custom MarshalJSON/MarshalYAML clears before printing: a secret's
 * content never shows, a config's only when it did not come from the environment.
 */
export const CLEARED: Readonly<Record<string, (value: Readonly<Record<string, unknown>>) => readonly string[]>> = {
  Secret: () => ['content'],
  Config: (value) => (typeof value.environment === 'string' && value.environment !== '' ? ['content'] : []),
};
