// The compose projects bench:up and bench:cli bring up on both sides, all on
// one busybox image (the same rootfs tar imported into tscompose's store and
// into the private dockerd). Every long-running process handles SIGTERM (a
// shell that traps it), as nginx, an app server and PostgreSQL do, so `down`
// measures stopping and removing rather than the 10 s grace period a PID 1
// without a handler costs both tools alike. Written as JSON, which is YAML.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const IMAGE = 'tsctus-bench/busybox:1';
export const WEB_PORT = 18480;

/** A shell that exits 0 on SIGTERM and otherwise runs `body` and then waits forever. */
const trapped = (body) => ['sh', '-c', `trap 'exit 0' TERM; ${body}; sleep 86400 & wait`];

function service(command, extra = {}) {
  return { image: IMAGE, pull_policy: 'never', command, ...extra };
}

/** WEB/WAS/DB: a "db" that turns healthy, an app server behind it, a web front answering on a published port with what the app says. */
export function webStack() {
  const cgi = '#!/bin/sh\\necho Content-Type: text/plain\\necho\\nwget -q -O- http://app:8000/';
  return {
    services: {
      db: service(trapped('touch /tmp/ready'), {
        healthcheck: { test: ['CMD', 'test', '-e', '/tmp/ready'], interval: '1s', timeout: '2s', retries: 30 },
      }),
      app: service(trapped('mkdir -p /www && echo from-app > /www/index.html && httpd -p 8000 -h /www'), {
        depends_on: { db: { condition: 'service_healthy' } },
      }),
      web: service(trapped(`mkdir -p /var/www/cgi-bin && printf '${cgi}' > /var/www/cgi-bin/index.cgi && chmod +x /var/www/cgi-bin/index.cgi && httpd -p 80 -h /var/www`), {
        ports: [`127.0.0.1:${WEB_PORT}:80`],
        depends_on: ['app'],
      }),
    },
  };
}

/** The URL the web stack answers on, and what the answer must contain. */
export const WEB_URL = `http://127.0.0.1:${WEB_PORT}/cgi-bin/index.cgi`;
export const WEB_ANSWER = 'from-app';

/** `n` services that know nothing of each other; each prints 20 lines first (for logs --tail). */
export function independentStack(n) {
  const services = {};
  for (let i = 1; i <= n; i++) services[`s${i}`] = service(trapped("seq 1 20 | sed 's/^/line /'"));
  return { services };
}

/** `n` services, each depending on the one before. */
export function chainStack(n) {
  const services = {};
  for (let i = 1; i <= n; i++) services[`c${i}`] = service(trapped('echo up'), i > 1 ? { depends_on: [`c${i - 1}`] } : {});
  return { services };
}

/** Writes `model` as <dir>/<name>/compose.yaml and returns that file's path. */
export function writeStack(dir, name, model) {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  const file = join(d, 'compose.yaml');
  writeFileSync(file, `${JSON.stringify(model, null, 2)}\n`);
  return file;
}
