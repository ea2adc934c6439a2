/** The push side of the distribution spec: blob existence, cross-repository mount, monolithic upload, manifest PUT. */
import { createReadStream } from 'node:fs';
import { RegistryResponseError } from '../errors.js';
import type { RegistryClient } from './client.js';
import { discard, errorDetail } from './http.js';

export async function blobExists(c: RegistryClient, digest: string): Promise<boolean> {
  const res = await c.request(c.origin, 'HEAD', `/v2/${c.repo}/blobs/${digest}`, { action: 'push' });
  await discard(res);
  if (res.status === 404) return false;
  if (res.ok) return true;
  throw new RegistryResponseError(c.origin.name, `HEAD blob ${digest}`, res.status, '');
}

/** POST ?mount=&from=: 201 when the registry linked the blob, else an upload session was opened (its URL). */
export async function mountBlob(c: RegistryClient, digest: string, from: string): Promise<{ mounted: true } | { mounted: false; location: string }> {
  const path = `/v2/${c.repo}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`;
  const res = await c.request(c.origin, 'POST', path, { action: 'push', extraScopes: [`repository:${from}:pull`], headers: { 'Content-Length': '0' } });
  await discard(res);
  if (res.status === 201) return { mounted: true };
  const location = res.headers.get('location');
  if (res.status !== 202 || location === null) throw new RegistryResponseError(c.origin.name, `POST blob upload (mount ${digest})`, res.status, '');
  return { mounted: false, location };
}

export async function startUpload(c: RegistryClient): Promise<string> {
  const res = await c.request(c.origin, 'POST', `/v2/${c.repo}/blobs/uploads/`, { action: 'push', headers: { 'Content-Length': '0' } });
  const location = res.headers.get('location');
  if (res.status !== 202 || location === null) throw new RegistryResponseError(c.origin.name, 'POST blob upload', res.status, await errorDetail(res));
  await discard(res);
  return location;
}

/** One PUT with the whole blob and its digest (a monolithic upload). */
export async function putBlob(c: RegistryClient, location: string, digest: string, file: string, size: number, onBytes?: (n: number) => void): Promise<void> {
  const url = new URL(location, c.origin.base);
  url.searchParams.set('digest', digest);
  async function* body(): AsyncGenerator<Uint8Array> {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      onBytes?.(chunk.length);
      yield chunk;
    }
  }
  const res = await c.request(c.origin, 'PUT', url.toString(), {
    action: 'push',
    headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) },
    body: size === 0 ? '' : body(),
  });
  if (res.status !== 201) throw new RegistryResponseError(c.origin.name, `PUT blob ${digest}`, res.status, await errorDetail(res));
  await discard(res);
}

export async function putManifest(c: RegistryClient, reference: string, bytes: Buffer, mediaType: string): Promise<string | undefined> {
  const res = await c.request(c.origin, 'PUT', `/v2/${c.repo}/manifests/${reference}`, { action: 'push', headers: { 'Content-Type': mediaType }, body: bytes });
  if (res.status !== 201) throw new RegistryResponseError(c.origin.name, `PUT manifest ${reference}`, res.status, await errorDetail(res));
  await discard(res);
  return res.headers.get('docker-content-digest') ?? undefined;
}
