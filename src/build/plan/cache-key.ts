/**
 * Cache keys, modelled on Docker's classic builder: it reuses a step's
 * result when the parent image is the same and the container config it
 * would commit (the command, in its `#(nop) COPY file:<hash> in /dst` form
 * for file steps, plus Env, User, WorkingDir, Entrypoint, Cmd, Labels, ports,
 * volumes, ONBUILD, healthcheck, stop signal, shell) is equal. Here that
 * comparison is a SHA-256 over the same fields and the parent's key, so a
 * key changes exactly when docker would miss.
 */
import { sha256Hex } from './file-hash.js';
import { sortedRecord, type ImageConfig, type ImageSpec } from './image-config.js';
import type { Platform } from './platform.js';

const VERSION = 1;

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return sortedRecord(v as Record<string, unknown>);
    return v;
  });
}

/** The config fields the classic builder compares, with the step's command in Cmd. */
export function keyConfig(config: ImageConfig, cmd: readonly string[]): Record<string, unknown> {
  return {
    Cmd: cmd,
    Env: config.Env ?? [],
    User: config.User ?? '',
    WorkingDir: config.WorkingDir ?? '',
    Entrypoint: config.Entrypoint ?? null,
    Shell: config.Shell ?? [],
    Labels: config.Labels ?? {},
    ExposedPorts: Object.keys(config.ExposedPorts ?? {}).sort(),
    Volumes: Object.keys(config.Volumes ?? {}).sort(),
    OnBuild: config.OnBuild ?? [],
    Healthcheck: config.Healthcheck ?? null,
    StopSignal: config.StopSignal ?? '',
    ArgsEscaped: config.ArgsEscaped ?? false,
  };
}

export function stepKey(parentKey: string, image: ImageSpec, cmd: readonly string[], extra: Record<string, unknown> = {}): string {
  return sha256Hex(canonical({ v: VERSION, parent: parentKey, config: keyConfig(image.config, cmd), extra }));
}

export function scratchKey(platform: Platform): string {
  return sha256Hex(canonical({ v: VERSION, scratch: true, platform }));
}

export function imageKey(id: string): string {
  return sha256Hex(canonical({ v: VERSION, image: id }));
}

export function contextBaseKey(name: string, hash: string): string {
  return sha256Hex(canonical({ v: VERSION, context: name, hash }));
}

/** The classic builder's `#(nop) ` command of a step that runs nothing. */
export function nopCmd(image: ImageSpec, comment: string): string[] {
  const shell = image.config.Shell !== undefined && image.config.Shell.length > 0 ? image.config.Shell : ['/bin/sh', '-c'];
  return [...shell, `#(nop) ${comment}`];
}
