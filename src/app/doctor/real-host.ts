/** The DoctorHost of the machine tscompose runs on. */
import { accessSync, constants, existsSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { dirname } from 'node:path';
import { CommandNotFoundError, hostRunner } from '../../host/command.js';
import { nativeBinary } from '../../host/native.js';
import { stateRoots } from '../../host/state-root.js';
import type { DoctorHost } from './types.js';

export function realDoctorHost(env: Readonly<Record<string, string | undefined>>): DoctorHost {
  return {
    euid: process.geteuid?.() ?? -1,
    nodeVersion: process.version,
    kernelRelease: release(),
    readFile: (p) => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    exists: (p) => existsSync(p),
    writable: (p) => {
      try {
        accessSync(p, constants.W_OK);
        return true;
      } catch {
        return false;
      }
    },
    writeFile: (p, content) => {
      try {
        writeFileSync(p, content);
        return undefined;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    },
    run: async (file, args) => {
      try {
        const r = await hostRunner.run(file, args, { allowFailure: true, timeoutMs: 10_000 });
        return { exitCode: r.exitCode, output: `${r.stdout}${r.stderr}` };
      } catch (e) {
        if (e instanceof CommandNotFoundError) return { exitCode: 127, output: e.message };
        throw e;
      }
    },
    nativeProgram: (name) => nativeBinary(name, env),
    freeBytes: (p) => {
      for (let dir = p; ; dir = dirname(dir)) {
        if (existsSync(dir)) {
          const s = statfsSync(dir);
          return s.bavail * s.bsize;
        }
        if (dir === dirname(dir)) return undefined;
      }
    },
    stateDir: stateRoots(env).lib,
  };
}
