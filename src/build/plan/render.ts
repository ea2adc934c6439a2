/**
 * The plan as text, one line per step with its cache key and what it will
 * do, then each stage's resulting configuration. `--dry-run` prints it and
 * golden tests compare it.
 */
import { formatPlatform } from './platform.js';
import type { BuildPlan, CopyItem, PlanBase, PlanStage, PlanStep, SourceRef } from './types.js';

const short = (key: string): string => key.slice(0, 12);

export function renderPlan(plan: BuildPlan): string {
  const out: string[] = [];
  for (const stage of plan.stages) {
    out.push(`stage ${stage.index}${stage.name === '' ? '' : ` ${stage.name}`} from ${baseText(stage.base)} (${formatPlatform(stage.platform)})${stage.index === plan.target ? ' [target]' : ''}`);
    for (const step of stage.steps) out.push(...stepLines(step));
    out.push(`  result ${short(stage.finalKey)}`);
    out.push(...configLines(stage));
  }
  for (const w of plan.warnings) out.push(`warning: ${w}`);
  return `${out.join('\n')}\n`;
}

function baseText(base: PlanBase): string {
  switch (base.kind) {
    case 'scratch':
      return 'scratch';
    case 'stage':
      return `stage ${base.stage}`;
    case 'context':
      return `context ${base.name}`;
    default:
      return `${base.image.name} ${base.image.id.slice(0, 19)}`;
  }
}

function stepLines(step: PlanStep): string[] {
  const head = `  ${step.name}  key=${short(step.key)}${step.onbuild ? ' onbuild' : ''}`;
  const op = step.op;
  switch (op.kind) {
    case 'from':
      return [head];
    case 'mkdir':
      return [head, `      mkdir ${op.mkdir.path}${op.mkdir.owner === '' ? '' : ` owner=${op.mkdir.owner}`}`];
    case 'run': {
      const r = op.run;
      const lines = [head, `      run ${JSON.stringify(r.args)}`, `      user=${JSON.stringify(r.user)} workdir=${r.workdir} network=${r.network}${r.security === 'insecure' ? ' security=insecure' : ''}`];
      lines.push(`      env ${JSON.stringify(r.env)}`);
      for (const m of r.mounts) lines.push(`      mount ${m.type} ${m.target}${m.fromRef === undefined ? '' : ` from ${refText(m.fromRef)}`}${m.source === '' ? '' : ` source=${m.source}`}${m.readOnly ? ' ro' : ''}`);
      for (const f of r.files) lines.push(`      file ${f.path} ${JSON.stringify(f.data)}`);
      return lines;
    }
    default: {
      const c = op.copy;
      const flags = [c.chown === undefined ? '' : ` chown=${c.chown}`, c.chmod === undefined ? '' : ` chmod=${'mode' in c.chmod ? c.chmod.mode.toString(8).padStart(4, '0') : c.chmod.symbolic}`, c.link ? ' link' : '', c.excludes.length > 0 ? ` exclude=${c.excludes.join(',')}` : ''].join('');
      return [head, `      copy -> ${c.dest}${flags} (${c.sourceHash.slice(0, c.sourceHash.indexOf(':') + 13)})`, ...c.items.map((i) => `        ${itemText(i)}`)];
    }
  }
}

function refText(ref: SourceRef): string {
  switch (ref.kind) {
    case 'context':
      return ref.name === '' ? 'context' : `context ${ref.name}`;
    case 'stage':
      return `stage ${ref.stage}`;
    case 'image':
      return `image ${ref.ref}`;
    case 'inline':
      return 'inline';
    default:
      return `url ${ref.url}`;
  }
}

function itemText(i: CopyItem): string {
  const data = i.from.kind === 'inline' ? ` ${JSON.stringify(i.from.data)}` : '';
  const extra = [i.target === undefined ? '' : ` -> ${i.target}`, i.unpack ? ' unpack' : '', i.mode === undefined ? '' : ` mode=${i.mode.toString(8)}`].join('');
  return `${refText(i.from)}:${i.path === '' ? '.' : i.path} (${i.type}${i.name !== '' && i.name !== i.path ? ` as ${i.name}` : ''})${extra}${data}`;
}

function configLines(stage: PlanStage): string[] {
  const c = stage.image.config;
  const lines: string[] = [];
  for (const [k, v] of Object.entries(c)) {
    if (v === undefined) continue;
    lines.push(`  config ${k}=${JSON.stringify(v)}`);
  }
  if (stage.image.author !== undefined) lines.push(`  author ${JSON.stringify(stage.image.author)}`);
  return lines;
}
