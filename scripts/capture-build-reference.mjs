#!/usr/bin/env node
/**
 * Captures what Docker's classic builder (dockerd + `DOCKER_BUILDKIT=0
 * docker build`) does with each fixture under test/fixtures/build/reference/,
 * for the builder's reference tests:
 *   - the final image config (`docker inspect`),
 *   - the content hashes its COPY/ADD steps were cached under (`docker history`),
 *   - each step's instruction and what its RUN printed,
 *   - on a rebuild after case.json's `change` (files to rewrite in the
 *     context), which steps came from the cache.
 * It writes docker.json beside each Dockerfile. Base images are built here
 * from busybox-static (tsctb-busybox:1); RUN steps get no network.
 *
 *   DOCKER_HOST=unix:///path/docker.sock node scripts/capture-build-reference.mjs [filter]
 *
 * Start a private dockerd for it (see the README's Tests section) and stop it
 * afterwards.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, symlinkSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const casesDir = join(root, 'test', 'fixtures', 'build', 'reference');
const filter = process.argv[2] ?? '';
const BASE = 'tsctb-busybox:1';

function docker(args, opts = {}) {
  const r = spawnSync('docker', args, { encoding: 'utf8', env: { ...process.env, DOCKER_BUILDKIT: '0' }, ...opts });
  if (r.status !== 0 && !opts.allowFailure) throw new Error(`docker ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** The base image: busybox-static and a passwd/group that --chown and USER can name. */
function ensureBase() {
  if (docker(['image', 'inspect', BASE], { allowFailure: true }).status === 0) return;
  const rootfs = mkdtempSync(join(tmpdir(), 'tsctb-rootfs-'));
  mkdirSync(join(rootfs, 'bin'));
  mkdirSync(join(rootfs, 'etc'));
  mkdirSync(join(rootfs, 'tmp'));
  chmodSync(join(rootfs, 'tmp'), 0o1777);
  cpSync('/bin/busybox', join(rootfs, 'bin', 'busybox'));
  for (const c of ['sh', 'ls', 'cat', 'echo', 'env', 'id', 'mkdir', 'rm', 'touch', 'stat', 'printf', 'test', 'true', 'false', 'wc', 'find', 'sed', 'grep', 'tar']) {
    symlinkSync('busybox', join(rootfs, 'bin', c));
  }
  writeFileSync(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n');
  writeFileSync(join(rootfs, 'etc', 'group'), 'root:x:0:\napp:x:1000:\nstaff:x:50:\nnogroup:x:65534:\n');
  const tar = spawnSync('tar', ['-C', rootfs, '-c', '.']);
  docker(['import', '-c', 'ENV PATH=/bin', '-c', 'CMD ["/bin/sh"]', '-', BASE], { input: tar.stdout, encoding: 'buffer' });
  rmSync(rootfs, { recursive: true, force: true });
}

/** Steps of classic builder output: instruction, whether it came from the cache, what RUN printed. */
function parseSteps(out) {
  const steps = [];
  let cur;
  let running = false;
  for (const line of out.split('\n')) {
    const m = /^Step (\d+)\/\d+ : (.*)$/.exec(line);
    if (m) {
      cur = { step: Number(m[1]), instruction: m[2], cached: false, output: [] };
      steps.push(cur);
      running = false;
      continue;
    }
    if (!cur) continue;
    if (line === ' ---> Using cache') cur.cached = true;
    else if (line.startsWith(' ---> Running in ')) running = true;
    else if (line.startsWith('Removing intermediate container') || line.startsWith(' ---> ')) running = false;
    else if (running) cur.output.push(line);
  }
  return steps;
}

function build(dir, c, tag, extra) {
  const args = ['build', '--network', 'none', '-t', tag, ...extra];
  for (const [k, v] of Object.entries(c.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
  if (c.target) args.push('--target', c.target);
  args.push(dir);
  const r = docker(args, { allowFailure: true });
  return { code: r.status, output: r.stdout + r.stderr };
}

const CONFIG_KEYS = ['Env', 'Cmd', 'Entrypoint', 'WorkingDir', 'User', 'Labels', 'ExposedPorts', 'Volumes', 'Healthcheck', 'StopSignal', 'Shell', 'OnBuild'];

function capture(name) {
  const dir = join(casesDir, name);
  const c = existsSync(join(dir, 'case.json')) ? JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) : {};
  const work = mkdtempSync(join(tmpdir(), 'tsctb-ref-'));
  if (existsSync(join(dir, 'context'))) cpSync(join(dir, 'context'), work, { recursive: true, verbatimSymlinks: true });
  cpSync(join(dir, 'Dockerfile'), join(work, 'Dockerfile'));
  const tag = `tsctb-ref-${name}`;
  try {
    const first = build(work, c, tag, ['--no-cache']);
    const result = { reference: 'dockerd 20.10.24 classic builder (DOCKER_BUILDKIT=0), docker CLI 28.2.2', exitCode: first.code, steps: parseSteps(first.output).map(({ cached, ...s }) => s) };
    if (first.code !== 0) result.error = first.output.trim().split('\n').slice(-1)[0];
    else {
      const inspected = JSON.parse(docker(['image', 'inspect', tag]).stdout)[0].Config;
      result.config = Object.fromEntries(CONFIG_KEYS.map((k) => [k, inspected[k] ?? null]));
      const history = docker(['history', '--no-trunc', '--format', '{{.CreatedBy}}', tag]).stdout.trim().split('\n').reverse();
      result.copyHashes = history.flatMap((h) => {
        const m = /#\(nop\) (COPY|ADD) (?:--chown=\S*?)?((?:file|dir|multi):[0-9a-f]{64}) in (.*?) ?$/.exec(h);
        return m ? [{ instruction: m[1], hash: m[2], dest: m[3] }] : [];
      });
      for (const [file, content] of Object.entries(c.change ?? {})) writeFileSync(join(work, file), content);
      const second = build(work, c, tag, []);
      result.rebuild = parseSteps(second.output).map(({ step, instruction, cached }) => ({ step, instruction, cached }));
    }
    writeFileSync(join(dir, 'docker.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(`${name}: exit ${first.code}`);
  } finally {
    docker(['image', 'rm', '-f', tag], { allowFailure: true });
    rmSync(work, { recursive: true, force: true });
  }
}

ensureBase();
for (const name of readdirSync(casesDir).sort()) {
  if (!name.includes(filter) || !existsSync(join(casesDir, name, 'Dockerfile'))) continue;
  capture(name);
}
