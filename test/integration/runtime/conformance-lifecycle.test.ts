/**
 * The OCI runtime command line, graded the same way for the embedded
 * runtime, runc and crun: create/start/state/kill/delete, run, exec, ps,
 * pause/resume, update, hooks in the spec's order, the console socket, and
 * the errors for a program that is missing or not executable.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PAYLOAD } from './support/bundle.js';
import { eventually, payloadJson } from './support/oci.js';
import { bundles, type Report } from './support/report.js';
import { payloadBinary } from './support/runtimes.js';
import { eachRuntime } from './support/suite.js';

eachRuntime('OCI lifecycle', (session, name) => {
  const { bundle } = bundles(session);

  it('run returns the exit status of the process', () => {
    const s = session();
    const b = bundle((c) => (c.process.args = [PAYLOAD, 'exit', '7']));
    expect(s.run(['run', '-b', b.dir, s.id()]).status).toBe(7);
  });

  it('create leaves the process waiting, start runs it, kill stops it, delete removes it', async () => {
    const s = session();
    const b = bundle((c) => (c.process.args = [PAYLOAD, 'trap']));
    const id = s.id();
    const pidFile = join(b.dir, 'pid');
    expect(s.run(['create', '--bundle', b.dir, '--pid-file', pidFile, id]).status).toBe(0);
    const created = s.state(id);
    expect(created).toMatchObject({ id, status: 'created', bundle: b.dir });
    expect(Number(readFileSync(pidFile, 'utf8'))).toBe(created?.pid);
    expect(s.run(['start', id]).status).toBe(0);
    expect(s.state(id)?.status).toBe('running');
    expect(s.run(['kill', id, 'TERM']).status).toBe(0);
    await eventually(() => s.state(id)?.status === 'stopped', 10_000, 'the container to stop');
    expect(s.run(['delete', id]).status).toBe(0);
    expect(s.state(id)).toBeUndefined();
  });

  it('delete refuses a running container without --force', () => {
    const s = session();
    const b = bundle((c) => (c.process.args = [PAYLOAD, 'sleep', '1000']));
    const id = s.id();
    expect(s.run(['run', '--detach', '-b', b.dir, id]).status).toBe(0);
    expect(s.run(['delete', id]).status).not.toBe(0);
    expect(s.state(id)?.status).toBe('running');
    expect(s.run(['delete', '--force', id]).status).toBe(0);
    expect(s.state(id)).toBeUndefined();
  });

  it('kill --all signals every process of the container', async () => {
    const s = session();
    const b = bundle((c) => (c.process.args = ['/bin/sh', '-c', `${PAYLOAD} sleep 1000 & ${PAYLOAD} sleep 1000`]));
    const id = s.id();
    expect(s.run(['run', '-d', '-b', b.dir, id]).status).toBe(0);
    expect(s.run(['kill', '--all', id, 'KILL']).status).toBe(0);
    await eventually(() => s.state(id)?.status === 'stopped', 10_000, 'every process to die');
  });

  it('runs the hooks in the order the spec gives, with the state on stdin', () => {
    const s = session();
    const b = bundle();
    const log = join(b.dir, 'hooks.log');
    const hook = join(b.dir, 'hook.sh');
    writeFileSync(hook, `#!/bin/sh\nstate=$(cat)\necho "$1 $state" >> ${log}\n`, { mode: 0o755 });
    mkdirSync(join(b.dir, 'hooklog'));
    b.config.mounts.push({ destination: '/hooklog', type: 'bind', source: join(b.dir, 'hooklog'), options: ['bind'] });
    const h = (name: string) => [{ path: hook, args: ['hook.sh', name] }];
    b.config.hooks = {
      createRuntime: h('createRuntime'),
      createContainer: h('createContainer'),
      startContainer: [{ path: '/bin/sh', args: ['sh', '-c', 'cat > /dev/null; echo startContainer >> /hooklog/log'] }],
      poststart: h('poststart'),
      poststop: h('poststop'),
    };
    b.config.process.args = [PAYLOAD, 'exit', '0'];
    b.save();
    const id = s.id();
    expect(s.run(['run', '-b', b.dir, id]).status).toBe(0);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['createRuntime', 'createContainer', 'poststart', 'poststop']);
    const state = JSON.parse(lines[0]?.slice('createRuntime '.length) ?? '{}') as { id: string; pid: number; status: string };
    expect(state.id).toBe(id);
    expect(state.pid).toBeGreaterThan(0);
    // runtime-tools checks "created" (crun and we give it); runc 1.1 says "creating"
    expect(state.status).toBe(name === 'runc' ? 'creating' : 'created');
    expect(readFileSync(join(b.dir, 'hooklog/log'), 'utf8')).toBe('startContainer\n');
  });

  it('exec runs a process in the container namespaces with its own env, cwd and user', () => {
    const s = session();
    const b = bundle((c) => (c.process.args = [PAYLOAD, 'sleep', '1000']));
    const id = s.id();
    expect(s.run(['run', '-d', '-b', b.dir, id]).status).toBe(0);
    const pid = s.state(id)?.pid as number;
    const r = s.run(['exec', '--env', 'TSCTR_EXEC=1', '--cwd', '/tmp', '--user', '1000:1000', id, PAYLOAD, 'report']);
    expect(r.status).toBe(0);
    const rep = payloadJson<Report>(r.stdout);
    for (const ns of ['pid', 'net', 'mnt', 'ipc', 'uts']) expect(rep.namespaces[ns]).toBe(readlinkSync(`/proc/${pid}/ns/${ns}`));
    expect(rep.env).toContain('TSCTR_EXEC=1');
    expect(rep.cwd).toBe('/tmp');
    expect(rep.uids.split(/\s+/)[0]).toBe('1000');
    expect(rep.seccomp).toBe(2);
    expect(s.run(['exec', id, PAYLOAD, 'exit', '5']).status).toBe(5);
    s.run(['delete', '--force', id]);
  });

  it('exec --process FILE runs the process described there', () => {
    const s = session();
    const b = bundle((c) => (c.process.args = [PAYLOAD, 'sleep', '1000']));
    const id = s.id();
    expect(s.run(['run', '-d', '-b', b.dir, id]).status).toBe(0);
    const file = join(b.dir, 'process.json');
    writeFileSync(file, JSON.stringify({ ...b.config.process, args: [PAYLOAD, 'echo', 'from', 'file'], cwd: '/' }));
    const r = s.run(['exec', '--process', file, id]);
    expect(r.stdout.trim()).toBe('from file');
    s.run(['delete', '--force', id]);
  });

  it('ps lists the container processes; pause and resume freeze and thaw them', () => {
    const s = session();
    const b = bundle((c) => (c.process.args = [PAYLOAD, 'sleep', '1000']));
    const id = s.id();
    expect(s.run(['run', '-d', '-b', b.dir, id]).status).toBe(0);
    const pid = s.state(id)?.pid as number;
    expect(JSON.parse(s.run(['ps', '--format', 'json', id]).stdout)).toContain(pid);
    expect(s.run(['pause', id]).status).toBe(0);
    expect(s.state(id)?.status).toBe('paused');
    expect(s.run(['resume', id]).status).toBe(0);
    expect(s.state(id)?.status).toBe('running');
    s.run(['delete', '--force', id]);
  });

  it('update changes the limits of a running container', () => {
    const s = session();
    const b = bundle((c) => (c.process.args = [PAYLOAD, 'sleep', '1000']));
    const id = s.id();
    expect(s.run(['run', '-d', '-b', b.dir, id]).status).toBe(0);
    expect(s.run(['update', '--memory', String(32 * 1024 * 1024), '--pids-limit', '42', id]).status).toBe(0);
    const rep = payloadJson<Report>(s.run(['exec', id, PAYLOAD, 'report']).stdout);
    const mem = rep.cgroupLimits['memory/memory.limit_in_bytes'] ?? rep.cgroupLimits['memory.max'];
    expect(mem).toBe(String(32 * 1024 * 1024));
    expect(rep.cgroupLimits['pids/pids.max'] ?? rep.cgroupLimits['pids.max']).toBe('42');
    s.run(['delete', '--force', id]);
  });

  it('gives the process a terminal through --console-socket', async () => {
    const s = session();
    const b = bundle((c) => {
      c.process.terminal = true;
      c.process.args = [PAYLOAD, 'report'];
    });
    const sock = join(b.dir, 'console.sock');
    const recv = spawn(payloadBinary, ['recvtty', sock], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    recv.stdout.on('data', (d: Buffer) => (out += d.toString()));
    // 'close', not 'exit': output may still be in flight when the process exits
    const done = new Promise<void>((resolve) => recv.on('close', () => resolve()));
    await eventually(() => existsSync(sock), 5000, 'the console socket');
    const id = s.id();
    expect(s.run(['create', '-b', b.dir, '--console-socket', sock, id]).status).toBe(0);
    expect(s.run(['start', id]).status).toBe(0);
    await done;
    const rep = payloadJson<Report>(out.replace(/\r/g, ''));
    expect(rep.stdinTty).toBe(true);
    expect(rep.stdoutTty).toBe(true);
    s.run(['delete', '--force', id]);
  });

  it('fails to run a missing or non-executable program with Docker\'s words', () => {
    const s = session();
    const missing = bundle((c) => (c.process.args = ['tsctr-no-such-program']));
    const r = s.run(['run', '-b', missing.dir, s.id()]);
    expect(r.status).not.toBe(0);
    // crun words it its own way; Docker's message is runc's, and ours
    expect(r.stderr).toMatch(name === 'crun' ? /executable file .* not found/ : /executable file not found in \$PATH/);
    const plain = bundle((c) => (c.process.args = ['/etc/not-executable']));
    const r2 = s.run(['run', '-b', plain.dir, s.id()]);
    expect(r2.status).not.toBe(0);
    expect(r2.stderr).toMatch(/permission denied/i);
    if (name === 'embedded') {
      // Docker's exit codes for the two, which `docker run` gives too
      expect(r.status).toBe(127);
      expect(r2.status).toBe(126);
      expect(r2.stderr).toContain('exec: "/etc/not-executable": permission denied');
    }
  });
});
