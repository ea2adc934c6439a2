/**
 * The planner against what Docker's classic builder did with the same
 * Dockerfiles (test/fixtures/build/reference/*, captured by
 * scripts/capture-build-reference.mjs from dockerd 20.10.24): the final
 * image config, what echo-only RUN steps print with the environment the plan
 * gives them, and which steps a rebuild takes from the cache.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContextSource } from '../../../src/build/context/source.js';
import type { BuildPlan, PlanStep } from '../../../src/build/plan/types.js';
import { FakeExecutor } from '../../../src/build/exec/fake-executor.js';
import { build, group, passwd } from './build-support.js';
import { fixturesRoot } from './golden-files.js';
import { fixtureContext, memoryContext, planText, type PlanOptions } from './plan-support.js';

const dir = join(fixturesRoot, 'reference');
const BASE = { 'tsctb-busybox:1': { Env: ['PATH=/bin'], Cmd: ['/bin/sh'] } };
const CONFIG_KEYS = ['Env', 'Cmd', 'Entrypoint', 'WorkingDir', 'User', 'Labels', 'ExposedPorts', 'Volumes', 'Healthcheck', 'StopSignal', 'Shell', 'OnBuild'] as const;

interface Captured {
  steps: Array<{ step: number; instruction: string; output: string[] }>;
  config?: Record<string, unknown>;
  rebuild?: Array<{ step: number; instruction: string; cached: boolean }>;
  copyHashes?: Array<{ instruction: string; hash: string; dest: string }>;
}

/**
 * Where tscompose follows BuildKit and the classic builder differs, by
 * case: BuildKit carries a base stage's ARG values into a child stage.
 */
const BUILDKIT_DIFFERS: Record<string, Record<string, string>> = {
  'arg-scope': { 'child: V=from-env ONLY_GLOBAL=': 'child: V=from-env ONLY_GLOBAL=g' },
  'arg-scope-cli': { 'child: V=from-env ONLY_GLOBAL=': 'child: V=from-env ONLY_GLOBAL=g' },
};

function load(name: string): { dockerfile: string; captured: Captured; opts: PlanOptions & { echoOnly?: boolean; change?: Record<string, string> }; context: ContextSource } {
  const caseFile = join(dir, name, 'case.json');
  const opts = existsSync(caseFile) ? JSON.parse(readFileSync(caseFile, 'utf8')) : {};
  return {
    dockerfile: readFileSync(join(dir, name, 'Dockerfile'), 'utf8'),
    captured: JSON.parse(readFileSync(join(dir, name, 'docker.json'), 'utf8')) as Captured,
    opts: { ...opts, images: BASE },
    context: withDockerfile(fixtureContext(join(dir, name)), readFileSync(join(dir, name, 'Dockerfile'), 'utf8')),
  };
}

/** The capture script puts the Dockerfile into the context, as `docker build .` sends it. */
function withDockerfile(ctx: ContextSource, dockerfile: string): ContextSource {
  const files: Record<string, { content: string | Uint8Array; mode: number; dir?: boolean; symlink?: string }> = {};
  for (const e of ctx.entries()) {
    if (e.type === 'dir') files[e.path] = { content: '', mode: e.mode & 0o7777, dir: true };
    else if (e.type === 'symlink') files[e.path] = { content: '', mode: 0o777, symlink: e.linkTarget ?? '' };
    else files[e.path] = { content: ctx.readFile(e.path), mode: e.mode & 0o7777 };
  }
  files.Dockerfile = { content: dockerfile, mode: 0o644 };
  const ignore = files['.dockerignore'];
  const excludes = ignore === undefined ? [] : new TextDecoder().decode(ignore.content as Uint8Array).split('\n').filter((l) => l !== '');
  return memoryContext(files, excludes);
}

function runOnHost(step: PlanStep): string[] {
  if (step.op.kind !== 'run') return [];
  const [shell, flag, script] = step.op.run.args;
  const env = Object.fromEntries(step.op.run.env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  const r = spawnSync(shell === '/bin/sh' ? '/bin/sh' : 'false', [flag ?? '', script ?? ''], { env: { ...env, PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
  return r.stdout.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);
}

/** Each stage's FROM line. */
function model(dockerfile: string): string[] {
  return dockerfile.split('\n').filter((l) => /^FROM /i.test(l));
}

function dockerStep(captured: Captured, instruction: string): Captured['steps'][number] {
  const found = captured.steps.find((s) => s.instruction === instruction);
  if (found === undefined) throw new Error(`docker ran no step ${instruction}`);
  return found;
}

function allSteps(plan: BuildPlan): PlanStep[] {
  return plan.stages.flatMap((s) => s.steps);
}

describe('planner vs Docker classic builder (captured)', () => {
  const cases = readdirSync(dir).filter((d) => existsSync(join(dir, d, 'docker.json'))).sort();
  for (const name of cases) {
    describe(name, () => {
      const { dockerfile, captured, opts, context } = load(name);
      const plan = planText(dockerfile, context, opts);

      it('ends with the image config docker committed', () => {
        const ours = plan.image.config as Record<string, unknown>;
        for (const key of CONFIG_KEYS) {
          const theirs = captured.config?.[key];
          const mine = ours[key];
          const empty = (v: unknown): boolean => v === undefined || v === null || v === '' || (Array.isArray(v) && key !== 'Cmd' && v.length === 0);
          if (empty(theirs) && empty(mine)) continue;
          expect({ [key]: mine }).toEqual({ [key]: theirs });
        }
      });

      if (captured.copyHashes !== undefined && captured.copyHashes.length > 0) {
        it('hashes COPY/ADD sources to the very keys docker cached them under', () => {
          // Files from another stage are not in the plan's reach: their steps are keyed by the stage's key instead.
          const copies = allSteps(plan).flatMap((s) => (s.op.kind === 'copy' ? [s.op.copy] : []));
          expect(copies.length).toBe(captured.copyHashes?.length);
          copies.forEach((c, i) => {
            if (c.items.some((it) => it.from.kind === 'stage' || it.from.kind === 'image')) return;
            expect(c.sourceHash).toBe(captured.copyHashes?.[i]?.hash);
          });
        });
      }

      if (opts.echoOnly === true) {
        it('gives RUN the environment docker gave it', () => {
          const differs = BUILDKIT_DIFFERS[name] ?? {};
          for (const stage of plan.stages) {
            const from = model(dockerfile)[stage.index];
            const triggers = stage.steps.filter((s) => s.onbuild).flatMap(runOnHost);
            if (triggers.length > 0) expect(triggers).toEqual(dockerStep(captured, from ?? '').output.map((l) => differs[l] ?? l));
            for (const step of stage.steps.filter((s) => s.op.kind === 'run' && !s.onbuild)) {
              expect({ [step.code]: runOnHost(step) }).toEqual({ [step.code]: dockerStep(captured, step.code).output.map((l) => differs[l] ?? l) });
            }
          }
        });
      }

      if (captured.rebuild !== undefined) {
        it('misses the cache exactly where docker missed it', () => {
          const changed = opts.change === undefined ? context : changedContext(name, opts.change, dockerfile);
          const after = planText(dockerfile, changed, opts);
          const before = new Map(allSteps(plan).map((s) => [s.code, s.key]));
          const busted = new Set<number>();
          for (const stage of after.stages) {
            for (const step of stage.steps) {
              if (step.op.kind === 'from') continue;
              const hit = !busted.has(stage.index) && before.get(step.code) === step.key;
              if (!hit) busted.add(stage.index);
              // The classic builder runs a stage's triggers inside its FROM step.
              const code = step.onbuild ? (model(dockerfile)[stage.index] ?? '') : step.code;
              const docker = captured.rebuild?.find((r) => r.instruction === code);
              expect({ step: step.code, cached: hit }).toEqual({ step: step.code, cached: docker?.cached });
            }
          }
        });
      }
    });
  }
});

function changedContext(name: string, change: Record<string, string>, dockerfile: string): ContextSource {
  const base = withDockerfile(fixtureContext(join(dir, name)), dockerfile);
  const files: Record<string, { content: string | Uint8Array; mode: number; dir?: boolean }> = {};
  for (const e of base.entries()) {
    files[e.path] = e.type === 'dir' ? { content: '', mode: e.mode & 0o7777, dir: true } : { content: base.readFile(e.path), mode: e.mode & 0o7777 };
  }
  for (const [path, content] of Object.entries(change)) files[path] = { content, mode: 0o644 };
  return memoryContext(files);
}

describe('COPY layout on the fake executor vs what docker put in the image', () => {
  const files = { '/bin/sh': { mode: 0o755 }, '/etc/passwd': passwd, '/etc/group': group, '/tmp': { type: 'dir' as const, mode: 0o1777 } };
  const buildCase = async (name: string): Promise<{ tree: Map<string, { uid: number; gid: number; mode: number }>; captured: Captured }> => {
    const { dockerfile, captured, context } = load(name);
    const ex = new FakeExecutor(() => 0);
    ex.addImage('tsctb-busybox:1', { config: BASE['tsctb-busybox:1'], files });
    await build(ex, dockerfile, context);
    return { tree: ex.filesOf('tsctb-app'), captured };
  };

  it('copy-rules: the same files, owners and modes', async () => {
    const { tree, captured } = await buildCase('copy-rules');
    const pruned = ['/proc', '/sys', '/dev', '/etc', '/bin'];
    const theirs = (captured.steps.find((s) => s.instruction.startsWith('RUN find'))?.output ?? []).filter((p) => p !== '/' && p !== '/.dockerenv');
    const ours = [...tree.keys()].filter((p) => !pruned.some((x) => p === x || p.startsWith(`${x}/`))).sort();
    expect(ours).toEqual(theirs);
    const stat = captured.steps.find((s) => s.instruction.startsWith('RUN stat'))?.output ?? [];
    for (const line of stat) {
      const [path, ids, mode] = line.split(' ');
      const n = tree.get(path ?? '');
      expect(`${path} ${n?.uid}:${n?.gid} ${n?.mode.toString(8)}`).toBe(`${path} ${ids} ${mode}`);
    }
  });

  it('dockerignore: the same files reach the image', async () => {
    const { tree, captured } = await buildCase('dockerignore');
    const theirs = (captured.steps.find((s) => s.instruction.startsWith('RUN cd /ctx'))?.output ?? []).filter((p) => p !== '.');
    const ours = [...tree.keys()].filter((p) => p.startsWith('/ctx/')).map((p) => `.${p.slice(4)}`).sort();
    expect(ours).toEqual(theirs);
  });
});
