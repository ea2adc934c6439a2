/**
 * One registry request: follows redirects by hand so Authorization is never
 * sent to another host (blob downloads are commonly redirected to a CDN),
 * and turns network failures into RegistryUnreachableError.
 */
import { RegistryUnreachableError } from '../errors.js';

export type RequestBody = string | Uint8Array | AsyncIterable<Uint8Array>;

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: RequestBody;
  signal?: AbortSignal;
}

export async function send(req: HttpRequest, registry: string): Promise<Response> {
  let url = req.url;
  let headers = { ...req.headers };
  for (let hop = 0; hop < 10; hop++) {
    let res: Response;
    try {
      res = await fetch(url, {
        method: req.method,
        headers,
        body: req.body as RequestInit["body"],
        redirect: 'manual',
        signal: req.signal,
        ...(req.body !== undefined && typeof req.body === 'object' && Symbol.asyncIterator in req.body ? { duplex: 'half' } : {}),
      } as RequestInit);
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      throw new RegistryUnreachableError(registry, describeFetchError(e), { cause: e });
    }
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || location === null || res.status === 304) return res;
    await discard(res);
    const next = new URL(location, url);
    if (next.origin !== new URL(url).origin) {
      const { Authorization: _dropped, authorization: _lower, ...rest } = headers;
      headers = rest;
    }
    url = next.toString();
  }
  throw new RegistryUnreachableError(registry, 'too many redirects');
}

export function describeFetchError(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code !== undefined) return `${cause.code}${cause.message !== undefined && !cause.message.includes(cause.code) ? ` (${cause.message})` : ''}`;
  return cause?.message ?? (e as Error).message;
}

/** Frees the connection of a response whose body is not needed. */
export async function discard(res: Response): Promise<void> {
  try {
    await res.body?.cancel();
  } catch {
    // already consumed or closed
  }
}

/** distribution's error body: `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}`. */
export async function errorDetail(res: Response): Promise<string> {
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
