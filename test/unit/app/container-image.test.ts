import { describe, expect, it } from 'vitest';
import { committedConfig } from '../../../src/app/container-image.js';
import type { ContainerInspect } from '../../../src/engine/index.js';
import { cli } from '../cli/run-cli.js';

const inspect = (description: Partial<ContainerInspect['description']>): ContainerInspect => ({ description: { image: {}, ...description } }) as unknown as ContainerInspect;

describe('the config commit gives the new image (docker commit)', () => {
  it('takes what the container runs over the image`s, environment merged by key', () => {
    const image = { Env: ['PATH=/bin', 'A=image'], Cmd: ['sh'], WorkingDir: '/', Labels: { l: '1' } };
    expect(committedConfig(image, inspect({ env: ['A=service', 'B=2'], command: ['sleep', '9'], workingDir: '/srv', user: '1000' }), [])).toEqual({
      Env: ['PATH=/bin', 'A=service', 'B=2'], Cmd: ['sleep', '9'], WorkingDir: '/srv', User: '1000', Labels: { l: '1' },
    });
  });

  it('an entrypoint without a command clears the image`s command; -c changes apply last', () => {
    const out = committedConfig({ Cmd: ['sh'] }, inspect({ entrypoint: ['/init'] }), ['CMD ["serve"]', 'ENV X=1']);
    expect(out).toMatchObject({ Entrypoint: ['/init'], Cmd: ['serve'], Env: ['X=1'] });
    expect(committedConfig({ Cmd: ['sh'], Env: [] }, inspect({}), [])).toEqual({ Cmd: ['sh'], Env: [] });
  });
});

describe('commit and export on the command line', () => {
  it('export refuses to write a tar to a terminal; commit takes one or two arguments', async () => {
    expect(await cli(['export', 'web'], { stdoutIsTTY: true })).toMatchObject({ code: 1, stderr: 'output option is required when exporting to terminal\nhint: use -o FILE or redirect standard output\n' });
    expect((await cli(['export'])).stderr).toBe('requires at least 1 arg(s), only received 0\n');
    expect((await cli(['commit', 'a', 'b', 'c'])).stderr).toBe('accepts between 1 and 2 arg(s), received 3\n');
  });

  it('their help lists docker compose`s flags', async () => {
    const exp = (await cli(['export', '--help'])).stdout;
    expect(exp).toMatch(/^\nUsage:  tscompose export \[OPTIONS\] SERVICE\n\nExport a service container's filesystem as a tar archive\n/);
    for (const flag of ['--index int', '-o, --output string']) expect(exp).toContain(flag);
    const commit = (await cli(['commit', '--help'])).stdout;
    for (const flag of ['-a, --author string', '-c, --change stringArray', '--index int', '-m, --message string', '-p, --pause']) expect(commit).toContain(flag);
  });
});
