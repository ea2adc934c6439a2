/** Runs the whole command line in memory and captures what it prints. */
import { runCli, type CliIo } from '../../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(argv: string[], opts: Partial<CliIo> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd: '/nonexistent',
    env: {},
    readStdin: () => '',
    stdoutIsTTY: false,
    now: () => new Date(Date.UTC(2024, 0, 2, 15, 4, 5)),
    ...opts,
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
