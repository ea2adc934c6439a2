/**
 * `tscompose doctor`: checks that this host can run containers the way
 * `up` does (kernel features, cgroups, iptables, overlayfs, links, the
 * native programs) and says what is missing. Exit 1 when anything fails.
 */
import type { CheckResult, Verdict } from '../../app/doctor/index.js';
import { TscomposeError } from '../../errors.js';
import type { CommandContext, CommandSpec } from './types.js';

export const doctorCommand: CommandSpec = {
  name: 'doctor',
  use: '[OPTIONS]',
  short: 'Check that this host can run tscompose stacks',
  noArgs: true,
  flags: [{ name: 'format', kind: 'string', defaultValue: 'table', usage: 'Format the output. Values: [table | json]' }],
  load: () => Promise.resolve(runDoctorCommand),
};

const MARK: Record<Verdict, string> = { ok: '✔', warn: '!', fail: '✘' };

export function doctorText(results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length));
  return results
    .map((r) => {
      const line = `${MARK[r.verdict]} ${r.name.padEnd(width)}  ${r.detail}\n`;
      return r.hint !== undefined && r.verdict !== 'ok' ? `${line}  ${' '.repeat(width)}  -> ${r.hint}\n` : line;
    })
    .join('');
}

async function runDoctorCommand(ctx: CommandContext): Promise<void> {
  const { runDoctor } = await import('../../app/doctor/index.js');
  const { realDoctorHost } = await import('../../app/doctor/real-host.js');
  const results = await runDoctor(realDoctorHost(ctx.io.env));
  ctx.io.stdout(ctx.flags.string('format') === 'json' ? `${JSON.stringify(results, null, 2)}\n` : doctorText(results));
  const failed = results.filter((r) => r.verdict === 'fail').map((r) => r.name);
  if (failed.length > 0) {
    throw new TscomposeError('E_DOCTOR', `this host cannot run tscompose stacks yet: ${failed.join(', ')}`, { hint: 'fix the lines marked ✘ above' });
  }
}
