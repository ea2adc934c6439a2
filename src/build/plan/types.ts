/**
 * The build plan: what a build will do, decided without touching anything.
 * Per stage, the steps that change the filesystem (FROM, RUN, COPY/ADD,
 * WORKDIR), each with the cache key the layer cache files it under, and the
 * image configuration the stage ends with. The executor only carries it out.
 */
import type { ContextSource } from '../context/source.js';
import type { LineRange } from '../errors.js';
import type { RunMount } from '../instructions/types.js';
import type { Chmod } from './chmod.js';
import type { ImageSpec } from './image-config.js';
import type { Platform } from './platform.js';

/** A base image as the image store resolved it. */
export interface ResolvedImage {
  /** The reference as written after expansion (`node:20`). */
  ref: string;
  /** Normalized (`docker.io/library/node:20`). */
  name: string;
  /** The image's id: the digest of its config. */
  id: string;
  /** The manifest digest, when pulled from a registry (shown as `name@digest`). */
  digest?: string;
  image: ImageSpec;
}

/** A file ADD downloaded, as the executor fetched it. */
export interface RemoteFile {
  url: string;
  sha256: string;
  size: number;
  /** The name taken from the URL's path (or `__unnamed__`). */
  filename: string;
}

/** Where the bytes of a COPY item come from. */
export type SourceRef =
  | { kind: 'context'; name: string }
  | { kind: 'stage'; stage: number }
  | { kind: 'image'; ref: string; id: string }
  | { kind: 'inline'; data: string }
  | { kind: 'url'; url: string; sha256: string };

export interface CopyItem {
  from: SourceRef;
  /** Path inside the source (context-relative, or absolute in a stage or image). */
  path: string;
  /** What the path is, when the planner can see it (a stage's files it cannot). */
  type: 'file' | 'dir' | 'symlink' | 'unknown';
  /** The name a file takes inside a destination directory (a followed symlink keeps its own name). */
  name: string;
  /**
   * COPY --parents: where the item lands relative to the destination.
   * Otherwise the classic rule applies: a file becomes the destination, or
   * goes into it under `name` when the destination is (or ends with `/` as)
   * a directory; a directory's contents go into the destination.
   */
  target?: string;
  /** ADD: unpack this local archive into the destination. */
  unpack: boolean;
  /** Inline and downloaded files have a fixed mode (0644 and 0600). */
  mode?: number;
}

export interface CopyOp {
  items: CopyItem[];
  /** Absolute destination, with a trailing `/` when it must be a directory. */
  dest: string;
  chown?: string;
  chmod?: Chmod;
  link: boolean;
  excludes: string[];
  /** The content hash the cache key holds (classic builder's `file:`/`dir:`/`multi:`). */
  sourceHash: string;
}

export interface RunOp {
  /** The argv, SHELL prepended for the shell form. */
  args: string[];
  /** The environment: image env, stage ARG values, undeclared proxy args. */
  env: string[];
  user: string;
  workdir: string;
  network: 'default' | 'none' | 'host';
  security: 'sandbox' | 'insecure';
  mounts: Array<RunMount & { fromRef?: SourceRef }>;
  /** Heredoc scripts with a shebang, mounted read-only at `/dev/pipes/<name>`. */
  files: Array<{ path: string; data: string; mode: number }>;
}

export interface MkdirOp {
  path: string;
  /** USER at that point: the directory's owner, resolved against the stage's passwd. */
  owner: string;
}

export type StepOp = { kind: 'from'; ref: string; image?: ResolvedImage } | { kind: 'run'; run: RunOp } | { kind: 'copy'; copy: CopyOp } | { kind: 'mkdir'; mkdir: MkdirOp };

export interface PlanStep {
  /** The vertex name BuildKit's progress shows: `[build 2/4] RUN npm ci`. */
  name: string;
  /** The instruction as written (`FROM ...` for a stage's base). */
  code: string;
  range: LineRange;
  op: StepOp;
  /** SHA-256 over the parent's key, the instruction after substitution, the config, and the sources' content hash. */
  key: string;
  parentKey: string;
  /** Came from an ONBUILD trigger of the base. */
  onbuild: boolean;
}

export type PlanBase =
  | { kind: 'scratch' }
  | { kind: 'image'; image: ResolvedImage }
  | { kind: 'stage'; stage: number }
  | { kind: 'context'; name: string };

export interface PlanStage {
  index: number;
  /** `build`, `stage-1`, or `` when the Dockerfile has a single stage. */
  displayName: string;
  name: string;
  base: PlanBase;
  platform: Platform;
  steps: PlanStep[];
  /** The image the stage ends with. */
  image: ImageSpec;
  /** The key of the stage's last filesystem state (its last step, else its base). */
  finalKey: string;
}

export interface BuildPlan {
  /** The stages the target needs, in Dockerfile order. */
  stages: PlanStage[];
  target: number;
  image: ImageSpec;
  warnings: string[];
}

export interface BuildRequest {
  file: string;
  model: import('../instructions/types.js').DockerfileModel;
  context: ContextSource;
  /** build.additional_contexts that are local directories, already walked. */
  namedContexts: ReadonlyMap<string, ContextSource>;
  /** build.additional_contexts naming an image (`docker-image://...`), by context name. */
  namedImages: ReadonlyMap<string, string>;
  buildArgs: Readonly<Record<string, string>>;
  target?: string;
  buildPlatform: Platform;
  targetPlatform: Platform;
  /** build.labels, set on the final image. */
  labels?: Readonly<Record<string, string>>;
  /** build.network: the default network of RUN steps. */
  network?: 'default' | 'none' | 'host';
  /** Entitlements granted (compose's build.entitlements): `security.insecure` lets RUN --security=insecure run. */
  entitlements?: readonly string[];
}

/** What the planner needs resolved before it can finish. */
export interface PlanNeeds {
  images: Array<{ ref: string; platform: Platform }>;
  urls: string[];
}

export type PlanOutcome = { kind: 'plan'; plan: BuildPlan } | { kind: 'needs'; needs: PlanNeeds };

export interface Resolutions {
  images: ReadonlyMap<string, ResolvedImage>;
  remote: ReadonlyMap<string, RemoteFile>;
}
