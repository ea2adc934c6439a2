/**
 * What the supervisor needs from the container engine (issue 4): a
 * container's state, running a command inside it (healthchecks), starting
 * it again (restart policies) and its log lines. The engine's adapter
 * implements these beside exec's ContainerPort.
 */
import type { ContainerStatus } from '../exec/ports.js';

export interface ExecResult {
  exitCode: number;
  /** stdout and stderr together, as the engine collects a probe's output. */
  output: string;
}

export interface LogEntry {
  container: string;
  stream: 'stdout' | 'stderr';
  /** RFC 3339 with nanoseconds, as the engine's log has it. */
  time: string;
  line: string;
}

export interface SupervisorPorts {
  inspect(name: string): Promise<ContainerStatus | undefined>;
  /** Runs `cmd` in the container; the signal aborts it (a probe that timed out). */
  exec(name: string, cmd: readonly string[], opts: { signal: AbortSignal }): Promise<ExecResult>;
  start(name: string): Promise<void>;
  logs(name: string, opts: { follow: boolean; tail?: number; since?: string; signal: AbortSignal }): AsyncIterable<LogEntry>;
}
