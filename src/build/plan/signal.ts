/**
 * STOPSIGNAL values as moby/sys/signal.ParseSignal accepts them: a number
 * above 0, or a Linux signal name with or without `SIG`, any case.
 */
import { DockerfileError } from '../errors.js';

const NAMES = new Set([
  'ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT', 'KILL', 'PIPE', 'POLL', 'PROF', 'PWR', 'QUIT',
  'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM', 'TRAP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'USR1', 'USR2', 'VTALRM', 'WINCH', 'XCPU', 'XFSZ',
  'RTMIN', 'RTMAX',
  ...Array.from({ length: 15 }, (_, i) => `RTMIN+${i + 1}`),
  ...Array.from({ length: 14 }, (_, i) => `RTMAX-${i + 1}`),
]);

export function checkSignal(raw: string): void {
  if (/^[+-]?[0-9]+$/.test(raw)) {
    if (Number(raw) === 0) throw new DockerfileError(`Invalid signal: ${raw}`, undefined, undefined);
    return;
  }
  const name = raw.toUpperCase().replace(/^SIG/, '');
  if (!NAMES.has(name)) throw new DockerfileError(`Invalid signal: ${raw}`, undefined, undefined);
}
