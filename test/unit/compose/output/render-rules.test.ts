/**
 * Rules of compose-go's custom marshalers, on hand-made models (outputs as
 * docker compose 2.26.1 prints them).
 */
import { describe, expect, it } from 'vitest';
import { ComposeError, TscomposeError } from '../../../../src/errors.js';
import { serviceHash } from '../../../../src/compose/output/hash.js';
import { checkDecodable, renderProject } from '../../../../src/compose/output/index.js';
import type { Mapping } from '../../../../src/compose/tree.js';

const project = (services: Mapping, extra: Mapping = {}): Mapping => ({ name: 'p', services, ...extra });

describe('renderProject: custom marshalers', () => {
  it.each<[string, Mapping, string]>([
    [
      'a secret never shows its content',
      project({}, { secrets: { s: { name: 'p_s', environment: 'TOKEN', content: 'hunter2' } } }),
      'name: p\nservices: {}\nsecrets:\n  s:\n    name: p_s\n    environment: TOKEN\n',
    ],
    [
      'a config from the environment hides its content',
      project({}, { configs: { c: { name: 'p_c', environment: 'X', content: 'v' }, d: { name: 'p_d', content: 'inline' } } }),
      'name: p\nservices: {}\nconfigs:\n  c:\n    name: p_c\n    environment: X\n  d:\n    name: p_d\n    content: inline\n',
    ],
    [
      'ulimits: a single value, or soft/hard when it is 0',
      project({ a: { image: 'a', ulimits: { core: 0, nproc: 5, nofile: { soft: 1, hard: 2 } } } }),
      'name: p\nservices:\n  a:\n    image: a\n    ulimits:\n      core:\n        soft: 0\n        hard: 0\n      nofile:\n        soft: 1\n        hard: 2\n      nproc: 5\n',
    ],
    [
      'command and entrypoint: unset omitted, empty kept',
      project({ a: { image: 'a', command: [], entrypoint: '' } }),
      'name: p\nservices:\n  a:\n    command: []\n    entrypoint: []\n    image: a\n',
    ],
    [
      'blkio devices: untagged Go fields, never omitted',
      project({ a: { image: 'a', blkio_config: { weight: 0, weight_device: [{ path: '/dev/sda' }], device_read_bps: [{ path: '/dev/sdb', rate: 0 }] } } }),
      'name: p\nservices:\n  a:\n    blkio_config:\n      weight_device:\n        - path: /dev/sda\n          weight: 0\n' +
        '      device_read_bps:\n        - path: /dev/sdb\n          rate: "0"\n    image: a\n',
    ],
    [
      'gpus and device reservations keep no x-* keys (DeviceRequest has no extensions)',
      project({ a: { image: 'a', gpus: [{ driver: 'nvidia', count: -1, 'x-g': 1 }] } }),
      'name: p\nservices:\n  a:\n    gpus:\n      - driver: nvidia\n        count: -1\n    image: a\n',
    ],
    [
      'a service network drops gw_priority (lost in compose-go\'s deep copy)',
      project({ a: { image: 'a', networks: { n: { priority: 2, gw_priority: 5 } } } }),
      'name: p\nservices:\n  a:\n    image: a\n    networks:\n      "n":\n        priority: 2\n',
    ],
  ])('%s', (_name, model, yaml) => {
    expect(renderProject(model, 'yaml')).toBe(yaml);
  });

  it('a float negative zero prints as -0, the int 0 as 0', () => {
    const model = project({}, { 'x-n': [-0, 0, 1.5] });
    expect(renderProject(model, 'yaml')).toBe('name: p\nservices: {}\nx-n:\n  - -0\n  - 0\n  - 1.5\n');
    expect(renderProject(model, 'json')).toContain('"x-n": [\n    -0,\n    0,\n    1.5\n  ]');
  });

  it('blkio devices print Go field names in JSON', () => {
    const json = renderProject(project({ a: { image: 'a', blkio_config: { device_write_iops: [{ path: '/d' }] } } }), 'json');
    expect(json).toContain('"device_write_iops": [\n          {\n            "Path": "/d",\n            "Rate": "0"\n          }\n        ]');
  });

  it('JSON always has command and entrypoint, null when unset, and no trailing newline', () => {
    const json = renderProject(project({ a: { image: 'a', ulimits: { core: 0 } } }), 'json');
    expect(json).toBe(
      '{\n  "name": "p",\n  "services": {\n    "a": {\n      "command": null,\n      "entrypoint": null,\n' +
        '      "image": "a",\n      "ulimits": {\n        "core": {}\n      }\n    }\n  }\n}',
    );
  });

  it('an SSH key with a path cannot be printed as JSON, as in Go, yet loads and prints as YAML', () => {
    const model = project({ a: { build: { context: '/c', ssh: ['default', 'key=/k'] } } });
    expect(() => renderProject(model, 'json')).toThrow(TscomposeError);
    expect(() => renderProject(model, 'json')).not.toThrow(ComposeError);
    expect(() => checkDecodable(model)).not.toThrow();
    expect(renderProject(model, 'yaml')).toContain("ssh:\n        - default\n        - 'key: /k'\n");
  });
});

describe('serviceHash', () => {
  it('ignores build, pull_policy, scale and deploy.replicas', () => {
    const base = { image: 'a', deploy: { mode: 'replicated' } };
    const varied = { ...base, build: { context: '/x' }, pull_policy: 'always', scale: 3, deploy: { mode: 'replicated', replicas: 3 } };
    expect(serviceHash(varied)).toBe(serviceHash(base));
    expect(serviceHash({ ...base, image: 'b' })).not.toBe(serviceHash(base));
  });
});

describe('decoding errors, worded as compose-go words them', () => {
  it.each<[string, Mapping, string, string]>([
    ['a bad duration', { stop_grace_period: 'forever' }, `'services[web].stop_grace_period': time: invalid duration "forever"`, 'services.web.stop_grace_period'],
    ['a bad size', { mem_limit: 'lots' }, `'services[web].mem_limit': invalid size: 'lots'`, 'services.web.mem_limit'],
    ['a host without IP', { extra_hosts: ['a=1', 'nohostip'] }, `'services[web].extra_hosts': invalid additional host, missing IP: nohostip`, 'services.web.extra_hosts.1'],
    ['a bad host name', { extra_hosts: { 'a:b': '1.2.3.4' } }, `'services[web].extra_hosts': bad host name 'a:b'`, 'services.web.extra_hosts'],
    ['a nested bad duration', { healthcheck: { interval: '1x' } }, `'services[web].healthcheck.interval': time: unknown unit "x" in duration "1x"`, 'services.web.healthcheck.interval'],
  ])('%s', (_name, fields, detail, path) => {
    const model = project({ web: { image: 'a', ...fields } });
    let caught: unknown;
    try {
      renderProject(model, 'json');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ComposeError);
    expect((caught as ComposeError).message).toContain(`decoding failed due to the following error(s):\n\nerror decoding ${detail}`);
    expect((caught as ComposeError).location?.path).toBe(path);
  });
});
