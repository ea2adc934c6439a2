/**
 * `tscompose doctor`: what the host must offer for `up` to work, checked one
 * feature at a time. Each check reads the host through DoctorHost, so unit
 * tests give it a fake host and assert on the verdicts.
 */
export type Verdict = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  name: string;
  verdict: Verdict;
  /** What was found, in a few words. */
  detail: string;
  /** What to do about a warn or fail. */
  hint?: string;
}

export interface DoctorHost {
  euid: number;
  nodeVersion: string;
  kernelRelease: string;
  /** File content, or undefined when it cannot be read. */
  readFile(path: string): string | undefined;
  exists(path: string): boolean;
  /** Whether this process may write the file (access(2) W_OK: false on a read-only /proc/sys). */
  writable(path: string): boolean;
  /** Writes the file; undefined when done, else the error's message. */
  writeFile(path: string, content: string): string | undefined;
  /** Exit code and combined output of a host command; 127 when it is not installed. */
  run(file: string, args: readonly string[]): Promise<{ exitCode: number; output: string }>;
  /** Where a native program of tscompose is, when built. */
  nativeProgram(name: string): string | undefined;
  /** Free bytes on the file system holding `path` (or its nearest existing parent). */
  freeBytes(path: string): number | undefined;
  /** The state directory `up` writes to. */
  stateDir: string;
}
