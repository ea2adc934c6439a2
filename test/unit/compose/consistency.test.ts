import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkConsistency } from '../../../src/compose/consistency.js';
import { ComposeError } from '../../../src/errors.js';
import type { Mapping } from '../../../src/compose/tree.js';

// Canonical, normalized models and the message `docker compose config` (2.26.1) prints for them.
function problem(yaml: string, disabledYaml = '{}'): string | undefined {
  try {
    checkConsistency(parse(yaml) as Mapping, parse(disabledYaml) as Mapping);
    return undefined;
  } catch (e) {
    if (!(e instanceof ComposeError)) throw e;
    return e.detail;
  }
}

const I = 'invalid compose project';

describe('consistency (compose-go loader.checkConsistency)', () => {
  it.each<[string, string]>([
    ['services: {a: {build: {context: .}, networks: {n: null}}}', `service "a" refers to undefined network n: ${I}`],
    ['services: {a: {image: x, volumes: [{type: volume, source: v, target: /x}]}}', `service "a" refers to undefined volume v: ${I}`],
    ['services: {a: {image: x, secrets: [{source: s}]}}', `service "a" refers to undefined secret s: ${I}`],
    ['services: {a: {image: x, configs: [{source: c}]}}', `service "a" refers to undefined config c: ${I}`],
    ['services: {a: {build: {context: ., secrets: [{source: s}]}}}', `service "a" refers to undefined build secret s: ${I}`],
    ['services: {a: {}}', `service "a" has neither an image nor a build context specified: ${I}`],
    ['services: {a: {image: ""}}', `service "a" has neither an image nor a build context specified: ${I}`],
    ['services: {a: {build: {context: ., dockerfile: D, dockerfile_inline: x}}}', `service "a" declares mutualy exclusive dockerfile and dockerfile_inline: ${I}`],
    ['services: {a: {image: x, network_mode: host, networks: {default: null}}}\nnetworks: {default: null}', `service a declares mutually exclusive \`network_mode\` and \`networks\`: ${I}`],
    ['services: {a: {image: x, healthcheck: {test: [FOO, x]}}}', 'healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE"'],
    ['services: {a: {image: x, depends_on: {zz: {condition: service_started, required: true}}}}', `service "a" depends on undefined service "zz": ${I}`],
    ['services: {a: {image: x, depends_on: {zz: {condition: service_started, required: false}}}}', `service "a" depends on undefined service "zz": ${I}`],
    ['services: {a: {image: x, network_mode: "service:zz"}}', `service "zz" not found for network_mode 'service:zz'`],
    ['services: {a: {image: x, scale: 2, deploy: {replicas: 3}}}', `services.a: can't set distinct values on 'scale' and 'deploy.replicas': ${I}`],
    ['services: {a: {image: x, scale: 2, container_name: foo}}', `services.scale: can't set container_name and a as container name must be unique: ${I}`],
    ['services: {a: {image: x, deploy: {replicas: 2}, container_name: foo}}', `services.deploy.replicas: can't set container_name and a as container name must be unique: ${I}`],
    ['services: {a: {image: x, cpus: 2, deploy: {resources: {limits: {cpus: 1}}}}}', `services.a: can't set distinct values on 'cpus' and 'deploy.resources.limits.cpus': ${I}`],
    ['services: {a: {image: x, cpus: 2, deploy: {resources: {limits: {memory: 1g}}}}}', `services.a: can't set distinct values on 'cpus' and 'deploy.resources.limits.cpus': ${I}`],
    ['services: {a: {image: x, mem_limit: 1g, deploy: {resources: {limits: {memory: 1m}}}}}', `services.a: can't set distinct values on 'mem_limit' and 'deploy.resources.limits.memory': ${I}`],
    ['services: {a: {image: x, mem_reservation: 1g, deploy: {resources: {reservations: {memory: 1m}}}}}', `services.a: can't set distinct values on 'mem_reservation' and 'deploy.resources.reservations.memory': ${I}`],
    ['services: {a: {image: x, pids_limit: 10, deploy: {resources: {limits: {pids: 5}}}}}', `services.a: can't set distinct values on 'pids_limit' and 'deploy.resources.limits.pids': ${I}`],
    ['services: {a: {image: x, develop: {watch: [{path: /p, action: sync}]}}}', `services.a.develop.watch: target is required for non-rebuild actions: ${I}`],
    ['services: {a: {build: {context: ., additional_contexts: {x: "service:b"}}}}', 'service "a" declares unknown service "b" as additional contexts x'],
    ['services: {a: {build: {context: ., additional_contexts: {x: "service:b"}}}, b: {image: x}}', 'service "a" declares non-buildable service "b" as additional contexts x'],
    ['services: {a: {image: x, platform: linux/arm64, build: {context: ., platforms: [linux/amd64]}}}', `service.build.platforms MUST include service.platform "linux/arm64": ${I}`],
    ['services: {a: {image: x}}\nsecrets: {s: {driver: foo}}', `secret "s" must declare either \`file\` or \`environment\`: ${I}`],
    [
      'services: {a: {image: x, depends_on: {b: {required: true}}}, b: {image: x, depends_on: {c: {required: true}}}, c: {image: x, depends_on: {a: {required: true}}}}',
      'dependency cycle detected: a -> b -> c -> a',
    ],
  ])('%s', (yaml, message) => {
    expect(problem(yaml)).toBe(message);
  });

  it.each([
    'services: {a: {image: x, healthcheck: {test: "curl x"}}}',
    'services: {a: {image: x, healthcheck: {test: []}}}',
    'services: {a: {image: x, healthcheck: {test: [CMD-SHELL, x]}}}',
    'services: {a: {image: x, cpus: 0.5, deploy: {resources: {limits: {cpus: "0.5"}}}}}',
    'services: {a: {image: x, mem_limit: 1g, deploy: {resources: {limits: {memory: 1024m}}}}}',
    'services: {a: {image: x, mem_limit: 1g, deploy: {resources: {reservations: {memory: 1m}}}}}',
    'services: {a: {image: x, scale: 1, container_name: c}}',
    'services: {a: {image: x, develop: {watch: [{path: /p, action: rebuild}, {path: /p, action: restart}, {path: /p, action: sync, target: /x}]}}}',
    'services: {a: {image: x, volumes: [{type: volume, target: /anon}, {type: bind, source: /h, target: /b}]}}',
    'services: {a: {image: x, secrets: [{source: s}]}}\nsecrets: {s: {external: true}}',
    'services: {a: {image: x, platform: linux/amd64, build: {context: ., platforms: [linux/amd64]}}}',
  ])('accepts %s', (yaml) => {
    expect(problem(yaml)).toBeUndefined();
  });

  it('accepts an optional dependency on a disabled service, not a required one', () => {
    const model = 'services: {a: {image: x, depends_on: {b: {condition: service_started, required: REQ}}}}';
    expect(problem(model.replace('REQ', 'false'), '{b: {image: x, profiles: [debug]}}')).toBeUndefined();
    expect(problem(model.replace('REQ', 'true'), '{b: {image: x, profiles: [debug]}}')).toBe(`service "a" depends on undefined service "b": ${I}`);
  });

  it('copies scale to deploy.replicas', () => {
    const out = checkConsistency(parse('services: {a: {image: x, scale: 2, deploy: {resources: {}}}, b: {image: x, scale: 3}}') as Mapping);
    expect(out.services).toEqual({
      a: { image: 'x', scale: 2, deploy: { resources: {}, replicas: 2 } },
      b: { image: 'x', scale: 3 },
    });
  });

  it('points at the offending key', () => {
    try {
      checkConsistency(parse('services: {web: {image: x, networks: {front: null}}}') as Mapping);
    } catch (e) {
      expect((e as ComposeError).location.path).toBe('services.web.networks.front');
      expect((e as ComposeError).hint).toContain('top-level networks');
    }
    expect.assertions(2);
  });
  it('takes a map where a limit belongs for no limit instead of throwing a TypeError', () => {
    const svc = { image: 'x', build: {}, cpus: Object.create(null) as Mapping, scale: Object.create(null) as Mapping, deploy: { replicas: 1 } };
    expect(() => checkConsistency({ services: { a: svc } } as Mapping, {})).toThrow(ComposeError);
    expect(() => checkConsistency({ services: { a: { image: 'x', container_name: 'c', scale: [Object.create(null)] } } } as Mapping, {})).not.toThrow();
  });
});
