/**
 * Typed Dockerfile instructions (BuildKit's instructions package): what each
 * instruction means once its flags are checked, still before variables are
 * expanded. Stages group the instructions that follow each FROM.
 */
import type { LineRange } from '../errors.js';

export interface KeyValue {
  key: string;
  value: string;
  /** Written as `KEY value` (the legacy form) instead of `KEY=value`. */
  noDelim: boolean;
}

export interface ArgDef {
  key: string;
  /** The default, when written as `ARG NAME=default`. */
  value?: string;
}

/** A heredoc used as a COPY/ADD source: a file with these contents. */
export interface SourceContent {
  path: string;
  data: string;
  expand: boolean;
}

/** A heredoc attached to RUN, CMD or ENTRYPOINT. */
export interface InlineFile {
  name: string;
  data: string;
  chomp: boolean;
}

export interface HealthConfig {
  /** `["NONE"]`, `["CMD", ...]` or `["CMD-SHELL", "..."]`. */
  test: string[];
  /** Durations in nanoseconds, 0 when not given (as Docker stores them). */
  interval: number;
  timeout: number;
  startPeriod: number;
  startInterval: number;
  retries: number;
}

export type MountType = 'bind' | 'cache' | 'tmpfs' | 'secret' | 'ssh';

export interface RunMount {
  type: MountType;
  from: string;
  source: string;
  target: string;
  readOnly: boolean;
  sizeLimit: number;
  cacheId: string;
  sharing: '' | 'shared' | 'private' | 'locked';
  required: boolean;
  env?: string;
  mode?: number;
  uid?: number;
  gid?: number;
}

interface Base {
  /** The keyword as written. */
  keyword: string;
  range: LineRange;
  /** The instruction's source text, trimmed. */
  code: string;
}

export interface ShellDependent {
  /** Shell form: one string (joined words); exec form: the JSON array. */
  cmdLine: string[];
  files: InlineFile[];
  /** Shell form: the SHELL is put in front when it runs. */
  prependShell: boolean;
}

export type Instruction =
  | (Base & { kind: 'env'; env: KeyValue[] })
  | (Base & { kind: 'label'; labels: KeyValue[] })
  | (Base & { kind: 'maintainer'; maintainer: string })
  | (Base & { kind: 'copy' } & CopyFields)
  | (Base & { kind: 'add' } & AddFields)
  | (Base & { kind: 'onbuild'; expression: string })
  | (Base & { kind: 'workdir'; path: string })
  | (Base & { kind: 'run'; mountSpecs: string[]; network: 'default' | 'none' | 'host'; security: 'sandbox' | 'insecure'; flagsUsed: string[] } & ShellDependent)
  | (Base & { kind: 'cmd' } & ShellDependent)
  | (Base & { kind: 'entrypoint' } & ShellDependent)
  | (Base & { kind: 'healthcheck'; health: HealthConfig })
  | (Base & { kind: 'expose'; ports: string[] })
  | (Base & { kind: 'user'; user: string })
  | (Base & { kind: 'volume'; volumes: string[] })
  | (Base & { kind: 'stopsignal'; signal: string })
  | (Base & { kind: 'arg'; args: ArgDef[] })
  | (Base & { kind: 'shell'; shell: string[] });

export type InstructionKind = Instruction['kind'];

export interface SourcesAndDest {
  sources: string[];
  contents: SourceContent[];
  dest: string;
}

export interface CopyFields extends SourcesAndDest {
  from: string;
  chown: string;
  chmod: string;
  link: boolean;
  parents: boolean;
  excludes: string[];
}

export interface AddFields extends SourcesAndDest {
  chown: string;
  chmod: string;
  link: boolean;
  keepGitDir?: boolean;
  checksum: string;
  unpack?: boolean;
  excludes: string[];
}

export interface Stage {
  /** Position among the stages, from 0. */
  index: number;
  /** The `AS` name, lowercased; empty when unnamed. */
  name: string;
  /** The image, stage name or `scratch` after FROM, before expansion. */
  baseName: string;
  platform: string;
  range: LineRange;
  code: string;
  commands: Instruction[];
}

export interface DockerfileModel {
  stages: Stage[];
  /** ARGs before the first FROM: usable in FROM lines, and by stages that redeclare them. */
  metaArgs: Array<{ args: ArgDef[]; range: LineRange }>;
  escapeToken: string;
}
