import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateModel } from '../../../src/compose/validate-model.js';
import { ComposeError } from '../../../src/errors.js';
import type { Mapping } from '../../../src/compose/tree.js';

// Messages as docker compose 2.26.1 prints them.
function problem(yaml: string): { message: string; path?: string } | undefined {
  try {
    validateModel(parse(yaml) as Mapping);
    return undefined;
  } catch (e) {
    if (!(e instanceof ComposeError)) throw e;
    return { message: e.detail, path: e.location.path };
  }
}

describe('model validation (compose-go validation.Validate)', () => {
  it.each<[string, string, string]>([
    ['configs: {c: {file: ./a, content: x}}', 'configs.c: file|environment|content attributes are mutually exclusive', 'configs.c'],
    ['configs: {c: {}}', 'configs.c: one of file|environment|content must be set', 'configs.c'],
    ['secrets: {c: {file: ./a, environment: x}}', 'secrets.c: file|environment attributes are mutually exclusive', 'secrets.c'],
    ['secrets: {s: {name: foo}}', 'secrets.s: one of file|environment must be set', 'secrets.s'],
    ['volumes: {v: {external: true, driver: foo}}', 'volumes.v: conflicting parameters "external" and "driver" specified', 'volumes.v.driver'],
    ['volumes: {v: [x]}', 'expected volume, got [x]', 'volumes.v'],
    ['services: {a: {develop: {watch: [{path: "", action: rebuild}]}}}', "services.a.develop.watch.[].path: value can't be blank", 'services.a.develop.watch.0.path'],
    ['services: {a: {gpus: [{count: 1, device_ids: ["0"]}]}}', 'services.a.gpus.[]: "count" and "device_ids" attributes are exclusive', 'services.a.gpus.0'],
    [
      'services: {a: {deploy: {resources: {reservations: {devices: [{capabilities: [gpu]}, {count: 1, device_ids: ["0"]}]}}}}}',
      'services.a.deploy.resources.reservations.devices.[]: "count" and "device_ids" attributes are exclusive',
      'services.a.deploy.resources.reservations.devices.1',
    ],
  ])('%s', (yaml, message, path) => {
    expect(problem(yaml)).toEqual({ message, path });
  });

  it.each([
    'configs: {c: {driver: foo}}',
    'configs: {c: {external: true}}',
    'secrets: {s: {environment: HOME}}',
    'volumes: {v: null, w: {external: true, name: n, x-foo: 1}, z: {external: false, driver: d}}',
    'networks: {n: {external: true, driver: foo}}',
    'services: {a: {gpus: [{count: 1}, {device_ids: ["0"]}], develop: {watch: [{path: ./src, action: sync}]}}}',
  ])('accepts %s', (yaml) => {
    expect(problem(yaml)).toBeUndefined();
  });
});
