/** The `volume` subcommands' usage lines and flags, as docker volume (CLI 28) declares them. */
import type { CommandSpec } from './types.js';

export function volumeSubcommandFlags(): CommandSpec[] {
  return [
    {
      name: 'create', use: '[OPTIONS] [VOLUME]', short: 'Create a volume',
      flags: [
        { name: 'driver', short: 'd', kind: 'string', defaultValue: 'local', usage: 'Specify volume driver name' },
        { name: 'label', kind: 'stringArray', usage: 'Set metadata for a volume' },
        { name: 'opt', short: 'o', kind: 'stringArray', usage: 'Set driver specific options' },
      ],
    },
    {
      name: 'inspect', use: '[OPTIONS] VOLUME [VOLUME...]', short: 'Display detailed information on one or more volumes',
      flags: [{ name: 'format', short: 'f', kind: 'string', usage: 'Format output using a custom template:\n\'json\':             Print in JSON format\n\'TEMPLATE\':         Print output using the given Go template.' }],
    },
    {
      name: 'ls', aliases: ['list'], use: '[OPTIONS]', short: 'List volumes', noArgs: true,
      flags: [
        { name: 'filter', short: 'f', kind: 'stringArray', usage: 'Provide filter values (e.g. "dangling=true")' },
        { name: 'format', kind: 'string', usage: 'Format output using a custom template:\n\'table\':            Print output in table format with column headers (default)\n\'table TEMPLATE\':   Print output in table format using the given Go template\n\'json\':             Print in JSON format\n\'TEMPLATE\':         Print output using the given Go template.' },
        { name: 'quiet', short: 'q', kind: 'bool', usage: 'Only display volume names' },
      ],
    },
    {
      name: 'prune', use: '[OPTIONS]', short: 'Remove unused local volumes', noArgs: true,
      flags: [
        { name: 'all', short: 'a', kind: 'bool', usage: 'Remove all unused volumes, not just anonymous ones' },
        { name: 'filter', kind: 'stringArray', usage: 'Provide filter values (e.g. "label=<label>")' },
        { name: 'force', short: 'f', kind: 'bool', usage: 'Do not prompt for confirmation' },
      ],
    },
    {
      name: 'rm', aliases: ['remove'], use: '[OPTIONS] VOLUME [VOLUME...]', short: 'Remove one or more volumes',
      flags: [{ name: 'force', short: 'f', kind: 'bool', usage: 'Force the removal of one or more volumes' }],
    },
  ];
}
