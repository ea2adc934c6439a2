import { describe, expect, it } from 'vitest';
import { applyRunOptions, parseLabels, type RunOptions } from '../../../src/app/run-options.js';
import { oneOffName } from '../../../src/app/run.js';

const none: RunOptions = {
  command: [], env: [], labels: [], user: '', workdir: '', volumes: [], publish: [], servicePorts: false,
  capAdd: [], capDrop: [], tty: false, interactive: true, name: '',
};
const SERVICE = {
  image: 'busybox', command: ['sleep', '1'], container_name: 'fixed', restart: 'always',
  deploy: { replicas: 2, restart_policy: { condition: 'any' } },
  ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }],
  environment: { A: '1', B: '2' }, labels: { keep: 'yes' }, cap_add: ['NET_ADMIN'], cap_drop: ['CHOWN'],
  volumes: [{ type: 'volume', source: 'data', target: '/data' }],
};
const apply = (o: Partial<RunOptions>, env: Record<string, string> = {}) => applyRunOptions(SERVICE, { ...none, ...o }, env, '/proj');

describe('run options applied to the service (docker compose applyRunOptions)', () => {
  it('drops the ports, the restart policy and container_name; sets tty and stdin_open; keeps the rest', () => {
    const out = apply({});
    expect(out.ports).toEqual([]);
    expect(out.restart).toBeUndefined();
    expect(out.deploy).toEqual({ replicas: 2 });
    expect(out.container_name).toBeUndefined();
    expect(out).toMatchObject({ tty: false, stdin_open: true, command: ['sleep', '1'], environment: { A: '1', B: '2' } });
  });

  it('--service-ports keeps the service`s ports; -p publishes only what it names', () => {
    expect(apply({ servicePorts: true }).ports).toEqual(SERVICE.ports);
    expect(apply({ publish: ['127.0.0.1:9000:90/udp'] }).ports).toEqual([{ mode: 'ingress', host_ip: '127.0.0.1', target: 90, published: '9000', protocol: 'udp' }]);
    expect(() => apply({ servicePorts: true, publish: ['80'] })).toThrow('--service-ports and --publish are incompatible');
    expect(() => apply({ publish: ['x:y'] })).toThrow(/invalid --publish value "x:y"/);
  });

  it('command, entrypoint (clearing the command), user, workdir and --name', () => {
    expect(apply({ command: ['echo', 'hi'] }).command).toEqual(['echo', 'hi']);
    expect(apply({ entrypoint: ['/bin/sh', '-c'] })).toMatchObject({ entrypoint: ['/bin/sh', '-c'], command: [] });
    expect(apply({ entrypoint: [], command: ['id'] })).toMatchObject({ entrypoint: [], command: ['id'] });
    expect(apply({ user: '1000:1000', workdir: '/tmp', name: 'mine' })).toMatchObject({ user: '1000:1000', working_dir: '/tmp', container_name: 'mine' });
  });

  it('-e over the service`s environment, KEY alone from the project environment or left out', () => {
    expect(apply({ env: ['B=x', 'C', 'D'] }, { C: 'from-env' }).environment).toEqual({ A: '1', B: 'x', C: 'from-env' });
  });

  it('-l adds labels; a label without = is refused', () => {
    expect(apply({ labels: ['a=b', 'keep=no'] }).labels).toEqual({ keep: 'no', a: 'b' });
    expect(() => parseLabels(['nolabel'])).toThrow('label must be set as KEY=VALUE');
  });

  it('--cap-add and --cap-drop take the capability off the other list', () => {
    expect(apply({ capAdd: ['CHOWN'] })).toMatchObject({ cap_add: ['NET_ADMIN', 'CHOWN'], cap_drop: [] });
    expect(apply({ capDrop: ['NET_ADMIN'] })).toMatchObject({ cap_add: [], cap_drop: ['CHOWN', 'NET_ADMIN'] });
  });

  it('-v appends mounts; a relative bind source is taken from the project directory', () => {
    expect(apply({ volumes: ['./src:/src:ro', 'cache:/cache'] }).volumes).toEqual([
      SERVICE.volumes[0],
      { type: 'bind', source: '/proj/src', target: '/src', read_only: true, bind: { create_host_path: true } },
      { type: 'volume', source: 'cache', target: '/cache', volume: {} },
    ]);
    expect(() => apply({ volumes: [''] })).toThrow(/invalid --volume value/);
  });

  it('names a one-off as docker compose does', () => {
    expect(oneOffName('p', 'web', 'abcdef0123456789'.repeat(4))).toBe('p-web-run-abcdef012345');
  });
});
