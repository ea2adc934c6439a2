/**
 * The one place a runtime is chosen: `--runtime NAME`, else
 * TSCOMPOSE_RUNTIME, else the embedded one. Each keeps its state under its
 * own --root (run/runtime/<name>), and a container remembers which runtime
 * created it, so later commands use the same one whatever the flag says.
 */
import { join } from 'node:path';
import type { CommandRunner } from '../../host/command.js';
import { crunRefusal, detectCgroupLayout, type CgroupLayout } from '../cgroups/mode.js';
import { RuntimeError } from '../errors.js';
import { findOnPath, nativeBinary } from '../native.js';
import { EmbeddedRuntime } from './embedded.js';
import { OciCliRuntime } from './oci-cli.js';
import { RUNTIME_NAMES, type ContainerRuntime, type RuntimeName } from './types.js';

type Env = Readonly<Record<string, string | undefined>>;

export function runtimeName(flag: string | undefined, env: Env): RuntimeName {
  const raw = flag ?? env.TSCOMPOSE_RUNTIME ?? '';
  const name = raw === '' ? 'embedded' : raw;
  if (!(RUNTIME_NAMES as readonly string[]).includes(name)) {
    const from = flag !== undefined ? '--runtime' : 'TSCOMPOSE_RUNTIME';
    throw new RuntimeError(`${from}: unknown runtime "${name}"`, { hint: `choose one of ${RUNTIME_NAMES.join(', ')}` });
  }
  return name as RuntimeName;
}

export interface RuntimeOptions {
  /** The run state root (stateRoots().run). */
  runRoot: string;
  runner: CommandRunner;
  env?: Env;
  /** For crun's hybrid check; detected when not given. */
  layout?: CgroupLayout;
  /** Use this binary instead of looking the runtime up. */
  binary?: string;
}

function binaryOf(name: RuntimeName, env: Env): string {
  if (name === 'embedded') {
    const bin = nativeBinary('tscompose-runtime', env);
    if (bin === undefined) throw new RuntimeError('the embedded runtime (native/build/tscompose-runtime) is not built', { hint: 'run npm install (it runs make -C native), or choose --runtime runc' });
    return bin;
  }
  const bin = findOnPath(name, env);
  if (bin === undefined) throw new RuntimeError(`${name}: executable file not found in $PATH`, { hint: `install ${name}, or use the embedded runtime (--runtime embedded)` });
  return bin;
}

export function createRuntime(name: RuntimeName, opts: RuntimeOptions): ContainerRuntime {
  const env = opts.env ?? process.env;
  const binary = opts.binary ?? binaryOf(name, env);
  if (name === 'crun' && opts.binary === undefined) {
    const why = crunRefusal(opts.layout ?? detectCgroupLayout());
    if (why !== undefined) throw new RuntimeError(why, { hint: 'use the embedded runtime (the default) or --runtime runc, which drive the v1 controllers of such a host' });
  }
  const root = join(opts.runRoot, 'runtime', name);
  return name === 'embedded' ? new EmbeddedRuntime(binary, root, opts.runner) : new OciCliRuntime(name, binary, root, opts.runner);
}
