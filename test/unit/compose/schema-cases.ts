/**
 * Schema cases checked against the reference: each `yaml` was run through
 * `docker compose -f compose.yaml config` (Docker Compose 2.26.1, compose-go
 * v2.4.8) four to six times, and `message` is what it printed after
 * `validating <file>: `. Where compose chose among equally deep errors by Go's
 * random map order, the other messages it printed are in `alsoSeen`; ours is
 * the first in document order. `path` is ours: the node the message is about
 * (the offending key for an unknown property), for the loader's file:line:col.
 */

export interface SchemaErrorCase {
  name: string;
  yaml: string;
  message: string;
  path: string;
  alsoSeen?: readonly string[];
}

export const SCHEMA_ERRORS: readonly SchemaErrorCase[] = [
  {
    name: "ports_list_item",
    yaml: "services: {web: {image: nginx, ports: [[1]]}}",
    message: "services.web.ports.0 must be a number",
    path: "services.web.ports.0",
  },
  {
    name: "unknown_service_key",
    yaml: "services: {web: {image: nginx, foo: 1}}",
    message: "services.web Additional property foo is not allowed",
    path: "services.web.foo",
  },
  {
    name: "depends_on_number",
    yaml: "services: {web: {image: nginx, depends_on: 1}}",
    message: "services.web.depends_on must be a list",
    path: "services.web.depends_on",
  },
  {
    name: "root_unknown",
    yaml: "foo: 1\nservices: {web: {image: nginx}}",
    message: "(root) Additional property foo is not allowed",
    path: "foo",
  },
  {
    name: "service_null",
    yaml: "services: {web: }",
    message: "services.web must be a mapping",
    path: "services.web",
  },
  {
    name: "image_number",
    yaml: "services: {web: {image: 1}}",
    message: "services.web.image must be a string",
    path: "services.web.image",
  },
  {
    name: "restart_bool",
    yaml: "services: {web: {image: nginx, restart: true}}",
    message: "services.web.restart must be a string",
    path: "services.web.restart",
  },
  {
    name: "pull_policy_enum",
    yaml: "services: {web: {image: nginx, pull_policy: sometimes}}",
    message: "services.web.pull_policy services.web.pull_policy must be one of the following: \"always\", \"never\", \"if_not_present\", \"build\", \"missing\"",
    path: "services.web.pull_policy",
  },
  {
    name: "cgroup_enum",
    yaml: "services: {web: {image: nginx, cgroup: foo}}",
    message: "services.web.cgroup services.web.cgroup must be one of the following: \"host\", \"private\"",
    path: "services.web.cgroup",
  },
  {
    name: "build_bad_key",
    yaml: "services: {web: {build: {context: ., foo: 1}}}",
    message: "services.web.build Additional property foo is not allowed",
    path: "services.web.build.foo",
  },
  {
    name: "build_three_bad_keys",
    yaml: "services: {web: {build: {foo: 1, bar: 2, baz: 3}}}",
    message: "services.web.build must be a string",
    path: "services.web.build",
  },
  {
    name: "build_two_bad_keys",
    yaml: "services: {web: {build: {foo: 1, bar: 2}}}",
    message: "services.web.build Additional property foo is not allowed",
    path: "services.web.build.foo",
    alsoSeen: ["services.web.build Additional property bar is not allowed"],
  },
  {
    name: "build_context_number",
    yaml: "services: {web: {build: {context: 1}}}",
    message: "services.web.build.context must be a string",
    path: "services.web.build.context",
  },
  {
    name: "env_nested_map",
    yaml: "services: {web: {image: nginx, environment: {A: {b: 1}}}}",
    message: "services.web.environment.A must be a string, number, boolean or null",
    path: "services.web.environment.A",
  },
  {
    name: "cpu_percent_high",
    yaml: "services: {web: {image: nginx, cpu_percent: 150}}",
    message: "services.web.cpu_percent Must be less than or equal to 100",
    path: "services.web.cpu_percent",
  },
  {
    name: "cpu_count_negative",
    yaml: "services: {web: {image: nginx, cpu_count: -1}}",
    message: "services.web.cpu_count Must be greater than or equal to 0",
    path: "services.web.cpu_count",
  },
  {
    name: "cpu_count_float",
    yaml: "services: {web: {image: nginx, cpu_count: 1.5}}",
    message: "services.web.cpu_count must be a string",
    path: "services.web.cpu_count",
  },
  {
    name: "oom_low",
    yaml: "services: {web: {image: nginx, oom_score_adj: -2000}}",
    message: "services.web.oom_score_adj Must be greater than or equal to -1000",
    path: "services.web.oom_score_adj",
  },
  {
    name: "volume_missing_type",
    yaml: "services: {web: {image: nginx, volumes: [{source: a, target: /b}]}}",
    message: "services.web.volumes.0 type is required",
    path: "services.web.volumes.0",
  },
  {
    name: "volume_selinux_enum",
    yaml: "services: {web: {image: nginx, volumes: [{type: bind, source: a, target: /b, bind: {selinux: q}}]}}",
    message: "services.web.volumes.0.bind.selinux services.web.volumes.0.bind.selinux must be one of the following: \"z\", \"Z\"",
    path: "services.web.volumes.0.bind.selinux",
  },
  {
    name: "network_driver_number",
    yaml: "services: {web: {image: nginx}}\nnetworks: {front: {driver: 1}}",
    message: "networks.front.driver must be a string",
    path: "networks.front.driver",
  },
  {
    name: "network_list",
    yaml: "services: {web: {image: nginx}}\nnetworks: {front: []}",
    message: "networks.front must be a mapping or null",
    path: "networks.front",
  },
  {
    name: "volume_external_list",
    yaml: "services: {web: {image: nginx}}\nvolumes: {data: {external: [1]}}",
    message: "volumes.data.external must be a boolean, string or mapping",
    path: "volumes.data.external",
  },
  {
    name: "secret_file_number",
    yaml: "services: {web: {image: nginx}}\nsecrets: {s: {file: 1}}",
    message: "secrets.s.file must be a string",
    path: "secrets.s.file",
  },
  {
    name: "config_bad_key",
    yaml: "services: {web: {image: nginx}}\nconfigs: {c: {file: ./x, foo: 1}}",
    message: "configs.c Additional property foo is not allowed",
    path: "configs.c.foo",
  },
  {
    name: "healthcheck_test_number",
    yaml: "services: {web: {image: nginx, healthcheck: {test: 1}}}",
    message: "services.web.healthcheck.test must be a string",
    path: "services.web.healthcheck.test",
  },
  {
    name: "healthcheck_interval_number",
    yaml: "services: {web: {image: nginx, healthcheck: {interval: 10}}}",
    message: "services.web.healthcheck.interval must be a string",
    path: "services.web.healthcheck.interval",
  },
  {
    name: "deploy_cpus_list",
    yaml: "services: {web: {image: nginx, deploy: {resources: {limits: {cpus: [1]}}}}}",
    message: "services.web.deploy.resources.limits.cpus must be a number or string",
    path: "services.web.deploy.resources.limits.cpus",
  },
  {
    name: "deploy_mode_number",
    yaml: "services: {web: {image: nginx, deploy: {mode: 1}}}",
    message: "services.web.deploy.mode must be a string",
    path: "services.web.deploy.mode",
  },
  {
    name: "ulimit_missing_hard",
    yaml: "services: {web: {image: nginx, ulimits: {nofile: {soft: 1}}}}",
    message: "services.web.ulimits.nofile hard is required",
    path: "services.web.ulimits.nofile",
  },
  {
    name: "gpus_enum",
    yaml: "services: {web: {image: nginx, gpus: some}}",
    message: "services.web.gpus services.web.gpus must be one of the following: \"all\"",
    path: "services.web.gpus",
  },
  {
    name: "command_number",
    yaml: "services: {web: {image: nginx, command: 1}}",
    message: "services.web.command must be a null",
    path: "services.web.command",
  },
  {
    name: "labels_string",
    yaml: "services: {web: {image: nginx, labels: \"a=b\"}}",
    message: "services.web.labels must be a mapping",
    path: "services.web.labels",
  },
  {
    name: "extra_hosts_number",
    yaml: "services: {web: {image: nginx, extra_hosts: {h: 1}}}",
    message: "services.web.extra_hosts.h must be a string",
    path: "services.web.extra_hosts.h",
  },
  {
    name: "port_published_bool",
    yaml: "services: {web: {image: nginx, ports: [{target: 80, published: true}]}}",
    message: "services.web.ports.0.published must be a string or integer",
    path: "services.web.ports.0.published",
  },
  {
    name: "name_number",
    yaml: "name: 1\nservices: {web: {image: nginx}}",
    message: "name must be a string",
    path: "name",
  },
  {
    name: "version_number",
    yaml: "version: 3\nservices: {web: {image: nginx}}",
    message: "version must be a string",
    path: "version",
  },
  {
    name: "service_name_space",
    yaml: "services: {\"web app\": {image: nginx}}",
    message: "services Additional property web app is not allowed",
    path: "services.web app",
  },
  {
    name: "depends_on_condition_enum",
    yaml: "services: {web: {image: nginx, depends_on: {db: {condition: foo}}}, db: {image: x}}",
    message: "services.web.depends_on.db.condition services.web.depends_on.db.condition must be one of the following: \"service_started\", \"service_healthy\", \"service_completed_successfully\"",
    path: "services.web.depends_on.db.condition",
  },
  {
    name: "depends_on_item_number",
    yaml: "services: {web: {image: nginx, depends_on: [1]}}",
    message: "services.web.depends_on.0 must be a string",
    path: "services.web.depends_on.0",
  },
  {
    name: "depends_on_duplicate",
    yaml: "services: {web: {image: nginx, depends_on: [db, db]}, db: {image: x}}",
    message: "services.web.depends_on array items[0,1] must be unique",
    path: "services.web.depends_on",
  },
  {
    name: "tmpfs_size_negative",
    yaml: "services: {web: {image: nginx, volumes: [{type: tmpfs, target: /t, tmpfs: {size: -1}}]}}",
    message: "services.web.volumes.0.tmpfs.size Must be greater than or equal to 0",
    path: "services.web.volumes.0.tmpfs.size",
  },
  {
    name: "watch_action_enum",
    yaml: "services: {web: {image: nginx, develop: {watch: [{path: ., action: bad}]}}}",
    message: "services.web.develop.watch.0.action services.web.develop.watch.0.action must be one of the following: \"rebuild\", \"sync\", \"restart\", \"sync+restart\", \"sync+exec\"",
    path: "services.web.develop.watch.0.action",
  },
  {
    name: "device_missing_source",
    yaml: "services: {web: {image: nginx, devices: [{target: /dev/x}]}}",
    message: "services.web.devices.0 source is required",
    path: "services.web.devices.0",
  },
  {
    name: "secret_mode_bool",
    yaml: "services: {web: {image: nginx, secrets: [{source: s, mode: true}]}}\nsecrets: {s: {file: ./s}}",
    message: "services.web.secrets.0.mode must be a number or string",
    path: "services.web.secrets.0.mode",
  },
  {
    name: "sysctls_list_value",
    yaml: "services: {web: {image: nginx, sysctls: {a: [1]}}}",
    message: "services.web.sysctls.a must be a string, number, boolean or null",
    path: "services.web.sysctls.a",
  },
  {
    name: "logging_driver_number",
    yaml: "services: {web: {image: nginx, logging: {driver: 1}}}",
    message: "services.web.logging.driver must be a string",
    path: "services.web.logging.driver",
  },
  {
    name: "dotted_label_key",
    yaml: "services: {web: {image: nginx, labels: {\"a.b\": [1]}}}",
    message: "services.web.labels.a.b must be a string, number, boolean or null",
    path: "services.web.labels.a.b",
  },
  {
    name: "two_depths",
    yaml: "services: {web: {image: 1, foo: 1}}",
    message: "services.web.image must be a string",
    path: "services.web.image",
  },
  {
    name: "secret_missing_all",
    yaml: "services: {web: {image: nginx}}\nsecrets: {s: []}",
    message: "secrets.s must be a mapping",
    path: "secrets.s",
  },
  {
    name: "service_networks_bad",
    yaml: "services: {web: {image: nginx, networks: {front: {aliases: 1}}}}\nnetworks: {front: {}}",
    message: "services.web.networks.front.aliases must be a list",
    path: "services.web.networks.front.aliases",
  },
  {
    name: "service_networks_number",
    yaml: "services: {web: {image: nginx, networks: 1}}",
    message: "services.web.networks must be a list",
    path: "services.web.networks",
  },
  {
    name: "ports_object_bad_key",
    yaml: "services: {web: {image: nginx, ports: [{target: 80, foo: 1}]}}",
    message: "services.web.ports.0 Additional property foo is not allowed",
    path: "services.web.ports.0.foo",
  },
  {
    name: "blkio_weight_string",
    yaml: "services: {web: {image: nginx, blkio_config: {weight: []}}}",
    message: "services.web.blkio_config.weight must be a integer or string",
    path: "services.web.blkio_config.weight",
  },
  {
    name: "scale_string",
    yaml: "services: {web: {image: nginx, scale: []}}",
    message: "services.web.scale must be a integer or string",
    path: "services.web.scale",
  },
  {
    name: "stop_signal_number",
    yaml: "services: {web: {image: nginx, stop_signal: []}}",
    message: "services.web.stop_signal must be a string",
    path: "services.web.stop_signal",
  },
  {
    name: "external_obj_bad_key",
    yaml: "services: {web: {image: nginx}}\nvolumes: {data: {external: {foo: 1}}}",
    message: "volumes.data.external Additional property foo is not allowed",
    path: "volumes.data.external.foo",
  },
  {
    name: "configs_list",
    yaml: "services: {web: {image: nginx}}\nconfigs: [a]",
    message: "configs must be a mapping",
    path: "configs",
  },
  {
    name: "mem_limit_list",
    yaml: "services: {web: {image: nginx, mem_limit: [1]}}",
    message: "services.web.mem_limit must be a number or string",
    path: "services.web.mem_limit",
  },
  {
    name: "gpus_obj_bad",
    yaml: "services: {web: {image: nginx, gpus: [{count: true}]}}",
    message: "services.web.gpus.0.count must be a string or integer",
    path: "services.web.gpus.0.count",
  },
  {
    name: "privileged_list",
    yaml: "services: {web: {image: nginx, privileged: []}}",
    message: "services.web.privileged must be a boolean or string",
    path: "services.web.privileged",
  },
  {
    name: "env_file_number",
    yaml: "services: {web: {image: nginx, env_file: 1}}",
    message: "services.web.env_file must be a string",
    path: "services.web.env_file",
  },
  {
    name: "inf_cpus",
    yaml: "services: {web: {image: nginx, cpus: .inf}}",
    message: "json: unsupported value: +Inf",
    path: "services.web.cpus",
  },
  {
    name: "root_unknown_and_name",
    yaml: "foo: 1\nname: 1\nservices: {web: {image: nginx}}",
    message: "name must be a string",
    path: "name",
  },
  {
    name: "name_then_root_unknown",
    yaml: "name: 1\nservices: {web: {image: nginx}}\nzzz: 1",
    message: "name must be a string",
    path: "name",
  },
  {
    name: "two_invalid_types",
    yaml: "services: {web: {image: 1, restart: 1}}",
    message: "services.web.image must be a string",
    path: "services.web.image",
    alsoSeen: ["services.web.restart must be a string"],
  },
  {
    name: "cpu_percent_float",
    yaml: "services: {web: {image: nginx, cpu_percent: 150.5}}",
    message: "services.web.cpu_percent must be a string",
    path: "services.web.cpu_percent",
  },
  {
    name: "network_entry_number",
    yaml: "services: {web: {image: nginx, networks: {front: 1}}}\nnetworks: {front: {}}",
    message: "services.web.networks.front must be a mapping",
    path: "services.web.networks.front",
  },
  {
    name: "env_list_value",
    yaml: "services: {web: {image: nginx, environment: {A: [1]}}}",
    message: "services.web.environment.A must be a string, number, boolean or null",
    path: "services.web.environment.A",
  },
  {
    name: "ulimit_extra_key",
    yaml: "services: {web: {image: nginx, ulimits: {nofile: {soft: 1, hard: 2, foo: 3}}}}",
    message: "services.web.ulimits.nofile Additional property foo is not allowed",
    path: "services.web.ulimits.nofile.foo",
  },
  {
    name: "extra_hosts_list_number",
    yaml: "services: {web: {image: nginx, extra_hosts: [1]}}",
    message: "services.web.extra_hosts.0 must be a string",
    path: "services.web.extra_hosts.0",
  },
  {
    name: "reservation_caps_number",
    yaml: "services: {web: {image: nginx, deploy: {resources: {reservations: {devices: [{capabilities: 1}]}}}}}",
    message: "services.web.deploy.resources.reservations.devices.0.capabilities must be a list",
    path: "services.web.deploy.resources.reservations.devices.0.capabilities",
  },
  {
    name: "networks_null",
    yaml: "services: {web: {image: nginx}}\nnetworks:",
    message: "networks must be a mapping",
    path: "networks",
  },
  {
    name: "volume_driver_opts_list",
    yaml: "services: {web: {image: nginx}}\nvolumes: {data: {driver_opts: {a: [1]}}}",
    message: "volumes.data.driver_opts.a must be a string or number",
    path: "volumes.data.driver_opts.a",
  },
  {
    name: "secret_external_name_number",
    yaml: "services: {web: {image: nginx}}\nsecrets: {s: {external: {name: 1}}}",
    message: "secrets.s.external.name must be a string",
    path: "secrets.s.external.name",
  },
  {
    name: "healthcheck_test_item_number",
    yaml: "services: {web: {image: nginx, healthcheck: {test: [1]}}}",
    message: "services.web.healthcheck.test.0 must be a string",
    path: "services.web.healthcheck.test.0",
  },
  {
    name: "command_item_number",
    yaml: "services: {web: {image: nginx, command: [1]}}",
    message: "services.web.command.0 must be a string",
    path: "services.web.command.0",
  },
  {
    name: "labels_value_mapping",
    yaml: "services: {web: {image: nginx, labels: {a: {}}}}",
    message: "services.web.labels.a must be a string, number, boolean or null",
    path: "services.web.labels.a",
  },
  {
    name: "depends_on_entry_bad_key",
    yaml: "services: {web: {image: nginx, depends_on: {db: {condition: service_started, foo: 1}}}, db: {image: x}}",
    message: "services.web.depends_on.db Additional property foo is not allowed",
    path: "services.web.depends_on.db.foo",
  },
  {
    name: "volume_three_bad_keys",
    yaml: "services: {web: {image: nginx, volumes: [{type: bind, source: a, target: /b, foo: 1, bar: 2, baz: 3}]}}",
    message: "services.web.volumes.0 Additional property foo is not allowed",
    path: "services.web.volumes.0.foo",
    alsoSeen: ["services.web.volumes.0 Additional property bar is not allowed","services.web.volumes.0 Additional property baz is not allowed"],
  },
  {
    name: "volume_two_bad_keys_and_missing_type",
    yaml: "services: {web: {image: nginx, volumes: [{source: a, target: /b, foo: 1}]}}",
    message: "services.web.volumes.0 type is required",
    path: "services.web.volumes.0",
  },
  {
    name: "build_string_list",
    yaml: "services: {web: {build: [a]}}",
    message: "services.web.build must be a string",
    path: "services.web.build",
  },
  {
    name: "top_level_volumes_list",
    yaml: "services: {web: {image: nginx}}\nvolumes: [a]",
    message: "volumes must be a mapping",
    path: "volumes",
  },
  {
    name: "service_unknown_x_like",
    yaml: "services: {web: {image: nginx, X-foo: 1}}",
    message: "services.web Additional property X-foo is not allowed",
    path: "services.web.X-foo",
  },
  {
    name: "service_name_unicode",
    yaml: "services: {\"wéb\": {image: nginx}}",
    message: "services Additional property wéb is not allowed",
    path: "services.wéb",
  },
  {
    name: "deploy_replicas_float",
    yaml: "services: {web: {image: nginx, deploy: {replicas: 1.5}}}",
    message: "services.web.deploy.replicas must be a integer or string",
    path: "services.web.deploy.replicas",
  },
  {
    name: "x_inf",
    yaml: "x-foo: .nan\nservices: {web: {image: nginx}}",
    message: "json: unsupported value: NaN",
    path: "x-foo",
  },
  {
    name: "gpus_count_float_deep",
    yaml: "services: {web: {image: nginx, gpus: [{count: 1.5, driver: 1}]}}",
    message: "services.web.gpus.0.count must be a string or integer",
    path: "services.web.gpus.0.count",
    alsoSeen: ["services.web.gpus.0.driver must be a string"],
  },
  {
    name: "deep_vs_required",
    yaml: "services: {web: {image: nginx, volumes: [{type: volume, source: a, target: /b, volume: {nocopy: []}}], devices: [{target: /x}]}}",
    message: "services.web.volumes.0.volume.nocopy must be a boolean or string",
    path: "services.web.volumes.0.volume.nocopy",
  },
  {
    name: "storage_opt_list",
    yaml: "services: {web: {image: nginx, storage_opt: []}}",
    message: "services.web.storage_opt must be a mapping",
    path: "services.web.storage_opt",
  },
  {
    name: "logging_options_number_value",
    yaml: "services: {web: {image: nginx, logging: {options: {a: []}}}}",
    message: "services.web.logging.options.a must be a string, number or null",
    path: "services.web.logging.options.a",
  },
  {
    name: "label_key_newline",
    yaml: "services: {web: {image: nginx, labels: {\"\\n\": x}}}",
    message: "services.web.labels Additional property \n is not allowed",
    path: "services.web.labels.\n",
  },
  {
    name: "compose_go_helicopters",
    yaml: "helicopters: {foo: {image: busybox}}",
    message: "(root) Additional property helicopters is not allowed",
    path: "helicopters",
  },
  {
    name: "enum_rollback_order",
    yaml: "services: {web: {image: nginx, deploy: {rollback_config: {order: sideways}}}}",
    message: "services.web.deploy.rollback_config.order services.web.deploy.rollback_config.order must be one of the following: \"start-first\", \"stop-first\"",
    path: "services.web.deploy.rollback_config.order",
  },
  {
    name: "watch_missing_path",
    yaml: "services: {web: {image: nginx, develop: {watch: [{action: sync}]}}}",
    message: "services.web.develop.watch.0 path is required",
    path: "services.web.develop.watch.0",
  },
  {
    name: "ipam_config_bad_key",
    yaml: "services: {web: {image: nginx}}\nnetworks: {n: {ipam: {config: [{subnet: 10.0.0.0/24, foo: 1}]}}}",
    message: "networks.n.ipam.config.0 Additional property foo is not allowed",
    path: "networks.n.ipam.config.0.foo",
  },
  {
    name: "blkio_device_rate_bad",
    yaml: "services: {web: {image: nginx, blkio_config: {device_read_bps: [{path: /dev/sda, rate: []}]}}}",
    message: "services.web.blkio_config.device_read_bps.0.rate must be a integer or string",
    path: "services.web.blkio_config.device_read_bps.0.rate",
  },
  {
    name: "hook_bad",
    yaml: "services: {web: {image: nginx, post_start: [{command: 1}]}}",
    message: "services.web.post_start.0.command must be a null",
    path: "services.web.post_start.0.command",
  },
  {
    name: "gpus_string_list_mix",
    yaml: "services: {web: {image: nginx, gpus: [1]}}",
    message: "services.web.gpus.0 must be a mapping",
    path: "services.web.gpus.0",
  },
  {
    name: "network_entry_list_item",
    yaml: "services: {web: {image: nginx, networks: [1]}}",
    message: "services.web.networks.0 must be a string",
    path: "services.web.networks.0",
  },
  {
    name: "ulimit_single_bool",
    yaml: "services: {web: {image: nginx, ulimits: {nofile: true}}}",
    message: "services.web.ulimits.nofile must be a integer or string",
    path: "services.web.ulimits.nofile",
  },
  {
    name: "credential_spec_bad",
    yaml: "services: {web: {image: nginx, credential_spec: {file: 1}}}",
    message: "services.web.credential_spec.file must be a string",
    path: "services.web.credential_spec.file",
  },
  {
    name: "env_file_obj_bad_required",
    yaml: "services: {web: {image: nginx, env_file: [{path: ./a.env, required: []}]}}",
    message: "services.web.env_file.0.required must be a boolean or string",
    path: "services.web.env_file.0.required",
  },
  {
    name: "healthcheck_unknown",
    yaml: "services: {web: {image: nginx, healthcheck: {every: 5s}}}",
    message: "services.web.healthcheck Additional property every is not allowed",
    path: "services.web.healthcheck.every",
  },
  {
    name: "build_score_object_wins_by_one",
    yaml: "services: {web: {build: {context: ., no_cache: true, a: 1, b: 1, c: 1, d: 1, e: 1, f: 1}}}",
    message: "services.web.build Additional property a is not allowed",
    path: "services.web.build.a",
    alsoSeen: ["services.web.build Additional property b is not allowed","services.web.build Additional property c is not allowed","services.web.build Additional property d is not allowed","services.web.build Additional property e is not allowed","services.web.build Additional property f is not allowed"],
  },
  {
    name: "build_score_string_wins",
    yaml: "services: {web: {build: {context: ., no_cache: true, a: 1, b: 1, c: 1, d: 1, e: 1, f: 1, g: 1}}}",
    message: "services.web.build must be a string",
    path: "services.web.build",
  },
  {
    name: "build_score_null_child",
    yaml: "services: {web: {build: {context: ., args: null, a: 1, b: 1, c: 1, d: 1, e: 1, f: 1}}}",
    message: "services.web.build must be a string",
    path: "services.web.build",
  },
];

/** Models docker compose 2.26.1 accepts (x- extensions, keys Go's regexp `.` matches). */
export const SCHEMA_VALID: readonly { name: string; yaml: string }[] = [
  { name: "ulimit_upper_name", yaml: "services: {web: {image: nginx, ulimits: {NOFILE: 1}}}" },
  { name: "x_extensions_ok", yaml: "x-foo: {a: [1, {b: 2}]}\nservices: {web: {image: nginx, x-bar: 1}}\nnetworks: {n: {x-baz: 1}}\nvolumes: {v: {x-q: [1]}}" },
  { name: "network_null_ok", yaml: "services: {web: {image: nginx}}\nnetworks: {front: }" },
  { name: "x_in_network_ipam", yaml: "services: {web: {image: nginx}}\nnetworks: {n: {ipam: {config: [{subnet: 10.0.0.0/24, x-a: 1}], x-b: 2}}}" },
  { name: "ports_float_ok", yaml: "services: {web: {image: nginx, ports: [80]}}" },
  { name: "label_key_cr_ok", yaml: "services: {web: {image: nginx, labels: {\"\\r\": x}}}" },
  { name: "env_key_u2028_ok", yaml: "services: {web: {image: nginx, environment: {\"\\u2028\": x}}}" },
];

/**
 * compose-go v2.4.8 schema/schema_test.go: models its schema must accept
 * (Apache-2.0, The Compose Specification Authors), as data.
 */
export const COMPOSE_GO_VALID: readonly { name: string; yaml: string }[] = [
  { name: 'TestValidate', yaml: 'services: {foo: {image: busybox}}' },
  { name: 'TestValidateAllowsXTopLevelFields', yaml: 'x-extra-stuff: {}' },
  {
    name: 'TestValidateAllowsXFields',
    yaml: [
      'services:',
      '  bar: {x-extra-stuff: {}}',
      '  foo: {depends_on: {x-dependency: {condition: service_started}}}',
      'volumes: {bar: {x-extra-stuff: {}}}',
      'networks: {bar: {x-extra-stuff: {}}}',
      'configs: {bar: {x-extra-stuff: {}}}',
      'secrets: {bar: {x-extra-stuff: {}}}',
    ].join('\n'),
  },
  { name: 'TestValidateSecretConfigNames', yaml: 'configs: {bar: {name: foobar}}\nsecrets: {baz: {name: foobaz}}' },
  { name: 'TestValidatePlacement', yaml: 'services: {foo: {image: busybox, deploy: {placement: {preferences: [{spread: node.labels.az}]}}}}' },
  { name: 'TestValidateIsolation', yaml: 'services: {foo: {image: busybox, isolation: some-isolation-value}}' },
  { name: 'TestValidateRollbackConfig', yaml: 'services: {foo: {image: busybox, deploy: {rollback_config: {parallelism: 1}}}}' },
  {
    name: 'TestValidateRollbackConfigWithOrder',
    yaml: 'services: {foo: {image: busybox, deploy: {rollback_config: {parallelism: 1, order: start-first}}}}',
  },
  {
    name: 'TestValidateRollbackConfigWithUpdateConfigFull',
    yaml: [
      'services:',
      '  foo:',
      '    image: busybox',
      '    deploy:',
      '      update_config: {parallelism: 1, order: start-first, delay: 10s, failure_action: pause, monitor: 10s}',
      '      rollback_config: {parallelism: 1, order: start-first, delay: 10s, failure_action: pause, monitor: 10s}',
    ].join('\n'),
  },
  { name: 'TestValidateVariables (schema/using-variables.yaml)', yaml: usingVariables() },
];

/** compose-go v2.4.8 schema/using-variables.yaml, verbatim: every field holds `${VARIABLE}`. */
function usingVariables(): string {
  return `name: \${VARIABLE}
services:
  foo:
    deploy:
      mode: \${VARIABLE}
      replicas: \${VARIABLE}
      rollback_config:
        parallelism: \${VARIABLE}
        delay: \${VARIABLE}
        failure_action: \${VARIABLE}
        monitor: \${VARIABLE}
        max_failure_ratio: \${VARIABLE}
      update_config:
        parallelism: \${VARIABLE}
        delay: \${VARIABLE}
        failure_action: \${VARIABLE}
        monitor: \${VARIABLE}
        max_failure_ratio: \${VARIABLE}
      resources:
        limits:
          memory: \${VARIABLE}
        reservations:
          memory: \${VARIABLE}
          generic_resources:
            - discrete_resource_spec:
                kind: \${VARIABLE}
                value: \${VARIABLE}
            - discrete_resource_spec:
                kind: \${VARIABLE}
                value: \${VARIABLE}
      restart_policy:
        condition: \${VARIABLE}
        delay: \${VARIABLE}
        max_attempts: \${VARIABLE}
        window: \${VARIABLE}
      placement:
        max_replicas_per_node: \${VARIABLE}
        preferences:
          - spread: \${VARIABLE}
      endpoint_mode: \${VARIABLE}
    expose:
      - \${VARIABLE}
    external_links:
      - \${VARIABLE}
    extra_hosts:
      - \${VARIABLE}
    hostname: \${VARIABLE}

    healthcheck:
      test: \${VARIABLE}
      interval: \${VARIABLE}
      timeout: \${VARIABLE}
      retries: \${VARIABLE}
      start_period: \${VARIABLE}
      start_interval: \${VARIABLE}
    image: \${VARIABLE}
    mac_address: \${VARIABLE}
    networks:
      some-network:
        aliases:
          - \${VARIABLE}
      other-network:
        ipv4_address: \${VARIABLE}
        ipv6_address: \${VARIABLE}
        mac_address: \${VARIABLE}
    ports:
      - \${VARIABLE}
    privileged: \${VARIABLE}
    read_only: \${VARIABLE}
    restart: \${VARIABLE}
    secrets:
      - source: \${VARIABLE}
        target: \${VARIABLE}
        uid: \${VARIABLE}
        gid: \${VARIABLE}
        mode: \${VARIABLE}
    stdin_open: \${VARIABLE}
    stop_grace_period: \${VARIABLE}
    stop_signal: \${VARIABLE}
    storage_opt:
      size: \${VARIABLE}
    sysctls:
      net.core.somaxconn: \${VARIABLE}
    tmpfs:
      - \${VARIABLE}
    tty: \${VARIABLE}
    ulimits:
      nproc: \${VARIABLE}
      nofile:
        soft: \${VARIABLE}
        hard: \${VARIABLE}
    user: \${VARIABLE}
    volumes:
      - \${VARIABLE}:\${VARIABLE}
      - type: tmpfs
        target: \${VARIABLE}
        tmpfs:
          size: \${VARIABLE}

networks:
  network:
    ipam:
      driver: \${VARIABLE}
      config:
        - subnet: \${VARIABLE}
          ip_range: \${VARIABLE}
          gateway: \${VARIABLE}
          aux_addresses:
            host1: \${VARIABLE}
  external-network:
    external: \${VARIABLE}

volumes:
  external-volume:
    external: \${VARIABLE}

configs:
  config1:
    external: \${VARIABLE}

secrets:
  secret1:
    external: \${VARIABLE}
`;
}
