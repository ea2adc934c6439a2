/**
 * A RUN step in a container of the engine: the state's layers plus an init
 * layer of mount points as its image, the step's argv, environment (the
 * stage's ENV and build args), USER and WORKDIR, the step's network (the
 * build default is the host's, as the classic builder reaches the network
 * through docker's bridge), its mounts; Docker's default capabilities and
 * seccomp profile, all of them with `--security=insecure`. Output is read
 * through attach (taken before start, so nothing is missed) and handed on a
 * line at a time; the container is left exited for the commit and removed
 * by the caller.
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ContainerEngine, NetworkMode } from '../../engine/index.js';
import type { RunSpec } from '../exec/executor.js';
import { makeInitLayer } from './init-layer.js';
import { prepareRunMounts, type MountHelpers } from './run-mounts.js';

/** Names of build containers start with this; a label carries the pid of the build that made them. */
export const BUILD_CONTAINER_PREFIX = 'tscompose-build-';
export const BUILD_PID_LABEL = 'io.tscompose.build.pid';

export interface RunRequest {
  engine: ContainerEngine;
  layerDirs: readonly string[];
  spec: RunSpec;
  output: (line: string) => void;
  helpers: MountHelpers;
  /** Called with the container's id as soon as it exists, so a failure later still removes it. */
  created: (id: string) => void;
}

function networkOf(mode: RunSpec['network']): NetworkMode {
  return mode === 'none' ? { mode: 'none' } : { mode: 'host' };
}

export async function runInContainer(r: RunRequest): Promise<{ exitCode: number }> {
  const { spec } = r;
  const prepared = await prepareRunMounts(spec, r.helpers);
  const init = makeInitLayer(r.helpers.ws.newDir('init'), r.layerDirs, prepared.points);
  const { id } = await r.engine.create({
    name: `${BUILD_CONTAINER_PREFIX}${randomBytes(8).toString('hex')}`,
    layerDirs: [...r.layerDirs, init],
    description: {
      image: {},
      entrypoint: [],
      command: [...spec.args],
      env: [...spec.env],
      ...(spec.user === '' ? {} : { user: spec.user }),
      workingDir: spec.workdir || '/',
      network: networkOf(spec.network),
      mounts: prepared.mounts,
      ...(spec.security === 'insecure' ? { privileged: true } : {}),
    },
    labels: { [BUILD_PID_LABEL]: String(process.pid) },
    logging: { driver: 'none' },
  });
  r.created(id);
  const attach = await r.engine.attach(id);
  const lines = Promise.all([readLines(attach.stdout, r.output), readLines(attach.stderr, r.output)]);
  await r.engine.start(id);
  const exit = await r.engine.wait(id);
  await lines;
  return { exitCode: exit.exitCode };
}

/** Splits a stream into lines (a last line without newline included), carriage returns dropped. */
async function readLines(stream: Readable, out: (line: string) => void): Promise<void> {
  let rest = '';
  for await (const chunk of stream) {
    rest += (chunk as Buffer).toString('utf8');
    let nl = rest.indexOf('\n');
    while (nl >= 0) {
      out(rest.slice(0, nl).replace(/\r$/, ''));
      rest = rest.slice(nl + 1);
      nl = rest.indexOf('\n');
    }
  }
  if (rest !== '') out(rest.replace(/\r$/, ''));
}
