/**
 * One registry request, on node:http/https rather than fetch: the CLI does
 * not pay for loading undici (about as much as Node's own start-up) and an
 * idle keep-alive connection never holds the process open (http.Agent
 * unrefs free sockets; fetch's keep it alive for seconds after a pull).
 * Redirects are followed by hand so Authorization is never sent to another
 * host (blob downloads are commonly redirected to a CDN), and network
 * failures become RegistryUnreachableError.
 */
import type http from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { trustedCa } from '../../host/tls-ca.js';
import { RegistryUnreachableError } from '../errors.js';

export type RequestBody = string | Uint8Array | AsyncIterable<Uint8Array>;

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: RequestBody;
  signal?: AbortSignal;
}

export interface ResponseBody extends AsyncIterable<Buffer> {
  /** Drops the rest of the body (and its connection). */
  cancel(): Promise<void>;
}

/** The part of fetch's Response the registry client uses. */
export interface RegistryResponse {
  status: number;
  ok: boolean;
  statusText: string;
  headers: { get(name: string): string | null };
  body: ResponseBody;
  arrayBuffer(): Promise<Buffer>;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

// One kept-alive connection pool per process: a pull's manifest, config and blob requests share sockets.
let httpAgent: http.Agent | undefined;
let httpsAgent: HttpsAgent | undefined;

/**
 * http loaded at the first request (a cached build opens the image store,
 * and with it this client, without asking a registry anything); https (and
 * the tls and crypto modules under it) at the first TLS request, and the
 * extra CA certificates read then (host/tls-ca.ts): a plain-HTTP registry
 * never pays for either.
 */
function agentFor(url: URL): { mod: typeof http; agent: http.Agent } {
  if (url.protocol !== 'https:') {
    const mod = process.getBuiltinModule('node:http');
    httpAgent ??= new mod.Agent({ keepAlive: true, maxSockets: 8 });
    return { mod, agent: httpAgent };
  }
  const https = process.getBuiltinModule('node:https');
  const ca = trustedCa();
  httpsAgent ??= new https.Agent({ keepAlive: true, maxSockets: 8, ...(ca === undefined ? {} : { ca }) });
  return { mod: https as unknown as typeof http, agent: httpsAgent as unknown as http.Agent };
}

function wrap(res: IncomingMessage): RegistryResponse {
  // An abort or reset reaches whoever reads the body; unread, it must not crash the process.
  res.on('error', () => undefined);
  const all = async (): Promise<Buffer> => {
    const parts: Buffer[] = [];
    for await (const c of res as AsyncIterable<Buffer>) parts.push(c);
    return Buffer.concat(parts);
  };
  const body: ResponseBody = Object.assign(res as AsyncIterable<Buffer>, {
    cancel: async () => {
      res.destroy();
    },
  });
  const status = res.statusCode ?? 0;
  return {
    status,
    ok: status >= 200 && status < 300,
    statusText: res.statusMessage ?? '',
    headers: {
      get: (name) => {
        const v = res.headers[name.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
      },
    },
    body,
    arrayBuffer: all,
    text: async () => (await all()).toString('utf8'),
    json: async () => JSON.parse((await all()).toString('utf8')) as unknown,
  };
}

function once(req: HttpRequest, url: URL, headers: Record<string, string>): Promise<RegistryResponse> {
  return new Promise((resolve, reject) => {
    const { mod, agent } = agentFor(url);
    let response: IncomingMessage | undefined;
    const r = mod.request(url, { method: req.method, headers, agent }, (res) => {
      response = res;
      resolve(wrap(res));
    });
    r.on('error', reject);
    // Our own abort rather than the signal option: the error then reaches only streams that have listeners.
    const onAbort = (): void => {
      const e = new Error('The operation was aborted');
      e.name = 'AbortError';
      r.destroy(e);
      response?.destroy(e);
    };
    if (req.signal?.aborted === true) onAbort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    r.on('close', () => req.signal?.removeEventListener('abort', onAbort));
    const body = req.body;
    if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) {
      r.end(body);
      return;
    }
    void (async () => {
      try {
        for await (const chunk of body) if (!r.write(chunk)) await new Promise((ok) => r.once('drain', ok));
        r.end();
      } catch (e) {
        r.destroy(e as Error);
      }
    })();
  });
}

export async function send(req: HttpRequest, registry: string): Promise<RegistryResponse> {
  let url = new URL(req.url);
  let headers = { ...req.headers };
  for (let hop = 0; hop < 10; hop++) {
    let res: RegistryResponse;
    try {
      res = await once(req, url, headers);
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      throw new RegistryUnreachableError(registry, describeNetworkError(e), { cause: e });
    }
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || location === null || res.status === 304) return res;
    await discard(res);
    const next = new URL(location, url);
    if (next.origin !== url.origin) {
      const { Authorization: _dropped, authorization: _lower, ...rest } = headers;
      headers = rest;
    }
    url = next;
  }
  throw new RegistryUnreachableError(registry, 'too many redirects');
}

export function describeNetworkError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code !== undefined) return err.message.includes(err.code) ? err.message : `${err.code} (${err.message})`;
  return err.message;
}

/** Reads and drops a body that is not needed, so its connection can be reused. */
export async function discard(res: RegistryResponse): Promise<void> {
  try {
    for await (const _ of res.body);
  } catch {
    // already consumed or closed
  }
}

/** distribution's error body: `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}`. */
export async function errorDetail(res: RegistryResponse): Promise<string> {
  let text = '';
  try {
    text = await res.text();
  } catch {
    return res.statusText;
  }
  try {
    const body = JSON.parse(text) as { errors?: Array<{ code?: string; message?: string }> };
    const errs = body.errors ?? [];
    if (errs.length > 0) return errs.map((e) => `${(e.code ?? '').toLowerCase().replaceAll('_', ' ')}: ${e.message ?? ''}`).join('; ');
  } catch {
    // not JSON
  }
  return text.trim().slice(0, 200) || res.statusText;
}
