// The dockerd the image benchmarks compare against: the one already answering,
// else a private one in a temp directory with no bridge and no iptables rules
// (it only pulls, imports and builds, so it needs no network of its own, and
// stays in the host's network namespace to reach a registry on 127.0.0.1).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export function dockerAnswers(env = {}) {
  return spawnSync('docker', ['info'], { stdio: 'ignore', env: { ...process.env, ...env } }).status === 0;
}

/** The environment that reaches it ({} for the host's), or undefined when none could be started; stopping it is pushed onto `cleanups`. */
export async function dockerEnv(work, cleanups) {
  if (dockerAnswers()) return {};
  if (spawnSync('sh', ['-c', 'command -v dockerd'], { stdio: 'ignore' }).status !== 0) return undefined;
  const dir = join(work, 'dockerd');
  mkdirSync(dir);
  const sock = join(dir, 'docker.sock');
  const d = spawn('dockerd', ['--data-root', join(dir, 'data'), '--exec-root', join(dir, 'exec'), '--pidfile', join(dir, 'docker.pid'), '-H', `unix://${sock}`, '--bridge=none', '--iptables=false', '--ip-masq=false'], { stdio: 'ignore' });
  cleanups.push(() => {
    d.kill('SIGTERM');
    spawnSync('sh', ['-c', `for i in $(seq 100); do kill -0 ${d.pid} 2>/dev/null || exit 0; sleep 0.1; done; kill -9 ${d.pid}`]);
  });
  const env = { DOCKER_HOST: `unix://${sock}` };
  for (let i = 0; i < 150; i++) {
    if (dockerAnswers(env)) return env;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}
