/**
 * The OCI runtime command line as tscompose uses it: the embedded runtime,
 * crun and runc all implement it, so one class drives the three; a runtime
 * is picked once by the factory and recorded with each container.
 */
import type { OciResources } from '../spec/oci.js';

export const RUNTIME_NAMES = ['embedded', 'crun', 'runc'] as const;
export type RuntimeName = (typeof RUNTIME_NAMES)[number];

/** `state` as the runtime spec defines it. */
export interface RuntimeState {
  id: string;
  status: 'creating' | 'created' | 'running' | 'paused' | 'stopped';
  pid: number;
  bundle: string;
}

export interface RuntimeExecOptions {
  processFile: string;
  detach?: boolean;
  pidFile?: string;
  consoleSocket?: string;
}

export interface ContainerRuntime {
  readonly name: RuntimeName;
  readonly binary: string;
  /** Global options placed before every sub-command (`--root DIR`); the monitor passes them too. */
  readonly globalArgs: readonly string[];
  create(id: string, bundle: string, opts?: { pidFile?: string; consoleSocket?: string }): Promise<void>;
  start(id: string): Promise<void>;
  /** undefined when the runtime does not know the container. */
  state(id: string): Promise<RuntimeState | undefined>;
  kill(id: string, signal: string, opts?: { all?: boolean }): Promise<void>;
  /** Already gone counts as deleted. */
  delete(id: string, opts?: { force?: boolean }): Promise<void>;
  /** A foreground `exec` whose output is collected; streaming sessions go through the monitor's exec helper. */
  exec(id: string, opts: RuntimeExecOptions): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  update(id: string, resources: OciResources): Promise<void>;
  /** Host pids of every process in the container. */
  ps(id: string): Promise<number[]>;
  list(): Promise<RuntimeState[]>;
}
