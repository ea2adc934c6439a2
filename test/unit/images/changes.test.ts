import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../../src/images/archive/changes.js';

describe('import --change', () => {
  it('applies the instructions docker import accepts', () => {
    expect(
      applyChanges({ Env: ['A=0'] }, ['CMD ["a", "b"]', 'ENTRYPOINT run.sh --x', 'ENV A=1 B="x y"', 'ENV C legacy form', 'LABEL k=v', 'EXPOSE 80 53/udp', 'VOLUME ["/data"]', 'WORKDIR /w', 'USER app', 'STOPSIGNAL SIGINT', 'ONBUILD RUN x']),
    ).toEqual({
      Env: ['A=1', 'B=x y', 'C=legacy form'],
      Cmd: ['a', 'b'],
      Entrypoint: ['/bin/sh', '-c', 'run.sh --x'],
      Labels: { k: 'v' },
      ExposedPorts: { '80/tcp': {}, '53/udp': {} },
      Volumes: { '/data': {} },
      WorkingDir: '/w',
      User: 'app',
      StopSignal: 'SIGINT',
      OnBuild: ['RUN x'],
    });
  });

  it('refuses what import does not take', () => {
    expect(() => applyChanges({}, ['RUN make'])).toThrow('RUN is not an instruction import accepts');
    expect(() => applyChanges({}, ['CMD'])).toThrow('an instruction needs arguments');
  });
});
