import { describe, expect, it } from 'vitest';
import type { CgroupLayout } from '../../../../src/engine/cgroups/mode.js';
import { createRuntime, runtimeName } from '../../../../src/engine/runtime/factory.js';
import { OciCliRuntime, runtimeMessage } from '../../../../src/engine/runtime/oci-cli.js';
import { RecordingRunner } from '../../../../src/host/command.js';

const ROOT = '/run/tscompose/runtime/runc';

describe('OciCliRuntime', () => {
  it('speaks the OCI command line with its --root first', async () => {
    const rec = new RecordingRunner()
      .reply(/ state /, { stdout: '{"ociVersion":"1.0.2","id":"c1","pid":42,"status":"running","bundle":"/b","rootfs":"/b/rootfs"}' })
      .reply(/ ps /, { stdout: '[42,43]\n' })
      .reply(/ list /, { stdout: 'null\n' });
    const rt = new OciCliRuntime('runc', '/usr/sbin/runc', ROOT, rec);
    await rt.create('c1', '/b', { pidFile: '/b/pid', consoleSocket: '/b/console' });
    await rt.start('c1');
    expect(await rt.state('c1')).toEqual({ id: 'c1', status: 'running', pid: 42, bundle: '/b' });
    await rt.kill('c1', 'SIGTERM');
    await rt.kill('c1', 'KILL', { all: true });
    await rt.pause('c1');
    await rt.resume('c1');
    expect(await rt.ps('c1')).toEqual([42, 43]);
    expect(await rt.list()).toEqual([]);
    await rt.delete('c1', { force: true });
    expect(rec.lines()).toEqual([
      `/usr/sbin/runc --root ${ROOT} create --bundle /b --pid-file /b/pid --console-socket /b/console c1`,
      `/usr/sbin/runc --root ${ROOT} start c1`,
      `/usr/sbin/runc --root ${ROOT} state c1`,
      `/usr/sbin/runc --root ${ROOT} kill c1 TERM`,
      `/usr/sbin/runc --root ${ROOT} kill --all c1 KILL`,
      `/usr/sbin/runc --root ${ROOT} pause c1`,
      `/usr/sbin/runc --root ${ROOT} resume c1`,
      `/usr/sbin/runc --root ${ROOT} ps --format json c1`,
      `/usr/sbin/runc --root ${ROOT} list --format json`,
      `/usr/sbin/runc --root ${ROOT} delete --force c1`,
    ]);
  });

  it('treats an unknown container as gone for state and delete, and words failures without runc’s log prefix', async () => {
    const rec = new RecordingRunner()
      .reply(/ (state|delete) /, { exitCode: 1, stderr: 'time="2025-01-01T00:00:00Z" level=error msg="container does not exist"\n' })
      .reply(/ start /, { exitCode: 1, stderr: 'time="2025-01-01T00:00:00Z" level=error msg="cannot start a container that has stopped"\n' });
    const rt = new OciCliRuntime('runc', 'runc', ROOT, rec);
    expect(await rt.state('gone')).toBeUndefined();
    await rt.delete('gone');
    await expect(rt.start('c1')).rejects.toThrow('runc start failed: cannot start a container that has stopped');
  });

  it('unwraps logrus lines and keeps other text', () => {
    expect(runtimeMessage('time="x" level=error msg="exec: \\"nope\\": executable file not found in $PATH"\n')).toBe('exec: "nope": executable file not found in $PATH');
    expect(runtimeMessage('mount /proc: Operation not permitted\n')).toBe('mount /proc: Operation not permitted');
  });
});

describe('the runtime factory', () => {
  it('takes --runtime, then TSCOMPOSE_RUNTIME, then the embedded runtime', () => {
    expect(runtimeName(undefined, {})).toBe('embedded');
    expect(runtimeName(undefined, { TSCOMPOSE_RUNTIME: 'crun' })).toBe('crun');
    expect(runtimeName('runc', { TSCOMPOSE_RUNTIME: 'crun' })).toBe('runc');
    expect(() => runtimeName('youki', {})).toThrow('--runtime: unknown runtime "youki"');
    expect(() => runtimeName(undefined, { TSCOMPOSE_RUNTIME: 'kata' })).toThrow('TSCOMPOSE_RUNTIME: unknown runtime "kata"');
  });

  it('refuses crun on a hybrid host whose cgroup2 hierarchy has controllers, and says why', () => {
    const hybrid: CgroupLayout = { mode: 'hybrid', root: '/sys/fs/cgroup', v1: {}, unifiedControllers: ['hugetlb'] };
    expect(() => createRuntime('crun', { runRoot: '/run/x', runner: new RecordingRunner(), layout: hybrid, env: { PATH: '/usr/bin' } })).toThrow(
      /crun does not support cgroups in hybrid mode.*\(hugetlb\)/,
    );
    const v1: CgroupLayout = { ...hybrid, mode: 'v1', unifiedControllers: [] };
    const rt = createRuntime('crun', { runRoot: '/run/x', runner: new RecordingRunner(), layout: v1, binary: '/opt/crun' });
    expect([rt.binary, ...rt.globalArgs]).toEqual(['/opt/crun', '--root', '/run/x/runtime/crun']);
  });

  it('names a runtime that is not installed', () => {
    expect(() => createRuntime('runc', { runRoot: '/run/x', runner: new RecordingRunner(), env: { PATH: '/nonexistent' } })).toThrow('runc: executable file not found in $PATH');
    expect(() => createRuntime('embedded', { runRoot: '/run/x', runner: new RecordingRunner(), env: { TSCOMPOSE_NATIVE_DIR: '/nonexistent' } })).toThrow('the embedded runtime (native/build/tscompose-runtime) is not built');
  });
});
