/**
 * The supervisor's one place for drivers, as app/drivers.ts is the CLI's:
 * the container engine (issue 4) plugs in here. Until it does, the engine
 * port answers "not wired" and the supervisor reports every container's
 * state as unknown rather than guessing it.
 */
import { unwired } from '../exec/unwired.js';
import type { SupervisorPorts } from './ports.js';

export function supervisorPorts(_env: Readonly<Record<string, string | undefined>>): SupervisorPorts {
  return unwired<SupervisorPorts>('supervise containers', 4);
}
