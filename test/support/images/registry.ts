/**
 * A real registry for tests: Debian's docker-registry (distribution 2.8) on
 * 127.0.0.1 with a random port and a temp storage dir, optionally behind
 * htpasswd basic auth or a bearer-token server written here (Node http,
 * RS256 tokens whose certificate the registry trusts). stop() kills it and
 * removes everything, and must run even when a test fails.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, sign } from 'node:crypto';
import { eventually } from './eventually.js';

export const USER = 'tscti-user';
export const PASSWORD = 'tscti-secret';

export interface TestRegistry {
  /** `127.0.0.1:PORT` */
  host: string;
  dir: string;
  /** Token requests the token server answered, for assertions. */
  tokenRequests: string[];
  stop(): Promise<void>;
}

export function registryAvailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root';
  for (const tool of ['docker-registry', 'htpasswd', 'openssl']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  }
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function authConfig(dir: string, auth: 'none' | 'htpasswd' | 'token', tokenPort: number): string {
  if (auth === 'none') return '';
  if (auth === 'htpasswd') {
    const line = spawnSync('htpasswd', ['-Bbn', USER, PASSWORD], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(join(dir, 'htpasswd'), `${line}\n`);
    return `auth:\n  htpasswd:\n    realm: tscti-realm\n    path: ${join(dir, 'htpasswd')}\n`;
  }
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=tscti-token', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl: ${r.stderr}`);
  return `auth:\n  token:\n    realm: http://127.0.0.1:${tokenPort}/token\n    service: tscti-registry\n    issuer: tscti-issuer\n    rootcertbundle: ${join(dir, 'cert.pem')}\n`;
}

export async function startRegistry(auth: 'none' | 'htpasswd' | 'token' = 'none'): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'tscti-registry-'));
  const port = await freePort();
  const tokenPort = await freePort();
  const config = `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n${authConfig(dir, auth, tokenPort)}`;
  writeFileSync(join(dir, 'config.yml'), config);
  const tokenRequests: string[] = [];
  const tokens = auth === 'token' ? await tokenServer(dir, tokenPort, tokenRequests) : undefined;
  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await gone;
    }
    await new Promise((r) => (tokens === undefined ? r(undefined) : tokens.close(r)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr}`);
      const res = await fetch(`http://127.0.0.1:${port}/v2/`);
      return res.status === 200 || res.status === 401;
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { host: `127.0.0.1:${port}`, dir, tokenRequests, stop };
}

function b64url(b: Buffer | string): string {
  return Buffer.from(b).toString('base64url');
}

/** distribution's token spec: a JWT with an x5c chain the registry's rootcertbundle trusts. */
async function tokenServer(dir: string, port: number, seen: string[]): Promise<Server> {
  const key = readFileSync(join(dir, 'key.pem'), 'utf8');
  const certDer = Buffer.from(readFileSync(join(dir, 'cert.pem'), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const server = createHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    seen.push(url.search);
    const basic = req.headers.authorization?.replace(/^Basic /, '') ?? '';
    const [user, pass] = Buffer.from(basic, 'base64').toString().split(':');
    if (basic !== '' && (user !== USER || pass !== PASSWORD)) {
      res.writeHead(401).end('{"details":"bad credentials"}');
      return;
    }
    const access = url.searchParams.getAll('scope').flatMap((scope) => {
      const [type, name, actions] = scope.split(':');
      // Anonymous clients get nothing: the registry then refuses them.
      return basic === '' ? [] : [{ type, name, actions: (actions ?? '').split(',') }];
    });
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', x5c: [certDer.toString('base64')] };
    const claims = { iss: 'tscti-issuer', sub: user ?? '', aud: url.searchParams.get('service'), exp: now + 300, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'), access };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const token = `${input}.${b64url(sign('sha256', Buffer.from(input), key))}`;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token, expires_in: 300 }));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return server;
}
