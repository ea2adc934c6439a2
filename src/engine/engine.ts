/**
 * The container engine as `up`, the lifecycle commands and the builder use
 * it: one container at a time, from a description and the image's layer
 * directories to a running process, its logs and its end. The real
 * implementation is LocalEngine (local-engine.ts, state layout in state.ts);
 * FakeEngine (fake-engine.ts) stands in for it in upper layers' unit tests.
 */
import type { Readable, Writable } from 'node:stream';
import type { CgroupStats } from './cgroups/stats.js';
import type { LogEntry } from './monitor/log-reader.js';
import type { ExecExit } from './monitor/exec-session.js';
import type { ContainerDescription } from './spec/description.js';

export type { LogEntry } from './monitor/log-reader.js';
export type { ExecExit } from './monitor/exec-session.js';

export interface LogConfig {
  /** `none` keeps no log file (Docker's driver of that name). */
  driver: 'local' | 'none';
  /** Rotate before the file would pass this many bytes; 0 never. */
  maxSize: number;
  /** Files kept, the current one included. */
  maxFiles: number;
}

export interface CreateRequest {
  /** Without an id (the description's is then ignored) the engine makes one. */
  description: Omit<ContainerDescription, 'id'> & { id?: string };
  /** Unique among the engine's containers (`project-service-1`). */
  name: string;
  /** Image layer directories, lowest first, from the image store. */
  layerDirs: string[];
  /** Shown by inspect; the engine does not interpret them. */
  image?: string;
  labels?: Record<string, string>;
  logging?: Partial<LogConfig>;
  /** /etc/hosts and /etc/resolv.conf contents; the engine writes Docker-like defaults otherwise. */
  hosts?: string;
  resolvConf?: string;
}

export type ContainerStatus = 'created' | 'running' | 'paused' | 'exited';

export interface ContainerState {
  status: ContainerStatus;
  running: boolean;
  paused: boolean;
  /** Host pid of the container's first process while it runs, else 0. */
  pid: number;
  exitCode: number;
  oomKilled: boolean;
  /** RFC 3339; empty when it never happened. */
  startedAt: string;
  finishedAt: string;
  /** How many times the process was started again after exiting. */
  restartCount: number;
}

/** What a container's record says of it, without asking after its process (`list` reads each one's state). */
export type ContainerSummary = Pick<ContainerInspect, 'id' | 'name' | 'image' | 'labels'>;

export interface ContainerInspect {
  id: string;
  name: string;
  runtime: string;
  created: string;
  image: string;
  labels: Record<string, string>;
  state: ContainerState;
  description: ContainerDescription;
  warnings: string[];
  /** `upper` is the overlay's upper dir: the container's changes to its image (the builder commits it as a layer). */
  paths: { bundle: string; rootfs: string; upper: string; log: string | undefined; hostname: string; hosts: string; resolvConf: string };
}

export interface StopOptions {
  /** Default SIGTERM (the image's StopSignal is the caller's to pass). */
  signal?: string;
  /** Seconds before SIGKILL; default 10. */
  timeout?: number;
}

export interface ExecOptions {
  args: string[];
  env?: string[];
  user?: string;
  workdir?: string;
  tty?: boolean;
  /** Keep stdin open (docker exec -i). */
  stdin?: boolean;
  detach?: boolean;
  privileged?: boolean;
}

export interface ExecHandle {
  execId: string;
  pid: number;
  /** null for a detached session, and stdin unless asked for. */
  stdin: Writable | null;
  stdout: Readable | null;
  stderr: Readable | null;
  resize(rows: number, cols: number): void;
  exit: Promise<ExecExit>;
}

export interface LogOptions {
  follow?: boolean;
  tail?: number;
  /** RFC 3339 or a Date. */
  since?: string | Date;
  until?: string | Date;
  signal?: AbortSignal;
}

export interface AttachHandle {
  stdout: Readable;
  stderr: Readable;
  write(data: string | Buffer): void;
  closeStdin(): void;
  resize(rows: number, cols: number): void;
  exit: Promise<{ exitCode: number; oomKilled: boolean } | undefined>;
  detach(): void;
}

export interface ContainerStats extends CgroupStats {
  read: string;
  systemCpuNs: number;
  onlineCpus: number;
  network: { rx: number; tx: number };
}

export interface TopResult {
  titles: string[];
  processes: string[][];
}

export interface ContainerEngine {
  /** Root file system, bundle and monitor: the container exists, its process waits for start. */
  create(req: CreateRequest): Promise<{ id: string; warnings: string[] }>;
  /** Starts a created container; an exited one gets a new process on the same rootfs and network namespace. */
  start(id: string): Promise<void>;
  stop(id: string, opts?: StopOptions): Promise<void>;
  kill(id: string, signal?: string): Promise<void>;
  restart(id: string, opts?: StopOptions): Promise<void>;
  /** Unmounts and deletes everything the container had; `force` kills it first. */
  remove(id: string, opts?: { force?: boolean }): Promise<void>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  exec(id: string, opts: ExecOptions): Promise<ExecHandle>;
  logs(id: string, opts?: LogOptions): AsyncIterable<LogEntry>;
  attach(id: string): Promise<AttachHandle>;
  /** Resolves when the container's process has exited (at once when it already has). */
  wait(id: string, signal?: AbortSignal): Promise<{ exitCode: number; oomKilled: boolean }>;
  inspect(id: string): Promise<ContainerInspect>;
  /** Every container, by id or name lookup via `find`. */
  list(): Promise<ContainerInspect[]>;
  /** Every container's id, name, image and labels: `list` without the state of each. */
  summaries(): Promise<ContainerSummary[]>;
  find(nameOrId: string): Promise<string | undefined>;
  stats(id: string): Promise<ContainerStats>;
  top(id: string, psArgs?: string[]): Promise<TopResult>;
}
