/**
 * A distribution-spec v2 client for one repository: anonymous, basic and
 * bearer-token auth (the WWW-Authenticate challenge flow, tokens cached per
 * scope), manifests by tag or digest, blobs, and the push calls. Mirrors are
 * tried first for reads of Docker Hub, the registry itself last.
 */
import { isDigest, sha256 } from '../digest.js';
import { ManifestUnknownError, RegistryAuthError, RegistryResponseError } from '../errors.js';
import { MANIFEST_ACCEPT } from '../media-types.js';
import { parseChallenges, type Challenge } from './challenge.js';
import type { CredentialLookup } from './credentials.js';
import { endpointsFor, type Endpoint } from './endpoint.js';
import { discard, errorDetail, send, type RegistryResponse, type RequestBody } from './http.js';

export interface ClientOptions {
  credentials?: CredentialLookup;
  insecureRegistries?: readonly string[];
  mirrors?: readonly string[];
  signal?: AbortSignal;
  /** For messages: the reference as the user wrote it. */
  displayRef?: string;
}

export type Action = 'pull' | 'push';

interface AuthState {
  challenge?: Challenge;
  tokens: Map<string, string>;
}

export interface FetchedManifest {
  bytes: Buffer;
  mediaType: string;
  digest: string;
  endpoint: Endpoint;
}

export class RegistryClient {
  readonly endpoints: Endpoint[];
  private readonly auth = new Map<string, AuthState>();
  readonly displayRef: string;

  constructor(
    readonly domain: string,
    readonly repo: string,
    private readonly opts: ClientOptions = {},
  ) {
    this.endpoints = endpointsFor(domain, opts);
    this.displayRef = opts.displayRef ?? `${domain}/${repo}`;
  }

  get origin(): Endpoint {
    return this.endpoints[this.endpoints.length - 1] as Endpoint;
  }

  private scopes(action: Action, extra: readonly string[]): string[] {
    return [`repository:${this.repo}:${action === 'push' ? 'pull,push' : 'pull'}`, ...extra];
  }

  /** A request with whatever auth the registry asked for; a 401 is answered once by authenticating. */
  async request(ep: Endpoint, method: string, path: string, init: { headers?: Record<string, string>; body?: RequestBody; action?: Action; extraScopes?: string[] } = {}): Promise<RegistryResponse> {
    const action = init.action ?? 'pull';
    const scopes = this.scopes(action, init.extraScopes ?? []);
    const url = path.startsWith('http') ? path : `${ep.base}${path}`;
    for (let attempt = 0; ; attempt++) {
      const headers = { ...init.headers, ...(await this.authHeader(ep, scopes)) };
      const res = await send({ method, url, headers, body: init.body, signal: this.opts.signal }, ep.name);
      if (res.status !== 401 || attempt > 0 || init.body !== undefined && typeof init.body === 'object' && Symbol.asyncIterator in init.body) {
        if (res.status === 401 || (res.status === 403 && action === 'push')) throw new RegistryAuthError(this.displayRef, action, await errorDetail(res));
        return res;
      }
      const challenge = parseChallenges(res.headers.get('www-authenticate'))[0];
      const detail = await errorDetail(res);
      if (challenge === undefined) throw new RegistryAuthError(this.displayRef, action, detail);
      const state = this.state(ep);
      state.challenge = challenge;
      if (challenge.scheme === 'bearer') state.tokens.set(scopes.join(' '), await this.fetchToken(ep, challenge, scopes, action));
      else if (challenge.scheme === 'basic' && (await this.opts.credentials?.(this.domain)) === undefined) {
        throw new RegistryAuthError(this.displayRef, action, `${detail} (no credentials for ${this.domain})`);
      }
    }
  }

  private state(ep: Endpoint): AuthState {
    let s = this.auth.get(ep.base);
    if (s === undefined) this.auth.set(ep.base, (s = { tokens: new Map() }));
    return s;
  }

  private async authHeader(ep: Endpoint, scopes: readonly string[]): Promise<Record<string, string>> {
    const s = this.auth.get(ep.base);
    if (s?.challenge === undefined) return {};
    if (s.challenge.scheme === 'bearer') {
      const key = scopes.join(' ');
      let token = s.tokens.get(key);
      if (token === undefined) {
        token = await this.fetchToken(ep, s.challenge, scopes, scopes[0]?.endsWith('push') ? 'push' : 'pull');
        s.tokens.set(key, token);
      }
      return token === '' ? {} : { Authorization: `Bearer ${token}` };
    }
    const creds = await this.opts.credentials?.(this.domain);
    if (creds === undefined) return {};
    return { Authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}` };
  }

  /** distribution's token auth: GET realm?service&scope (with basic credentials), or the OAuth2 refresh-token POST. */
  private async fetchToken(ep: Endpoint, ch: Challenge, scopes: readonly string[], action: Action): Promise<string> {
    const realm = ch.params.realm;
    if (realm === undefined) throw new RegistryAuthError(this.displayRef, action, 'the registry asked for a bearer token without a realm');
    const creds = ep.mirror ? undefined : await this.opts.credentials?.(this.domain);
    const url = new URL(realm);
    let res: RegistryResponse;
    if (creds?.identityToken !== undefined) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.identityToken, client_id: 'tscompose', service: ch.params.service ?? '', scope: scopes.join(' ') });
      res = await send({ method: 'POST', url: url.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString(), signal: this.opts.signal }, ep.name);
    } else {
      if (ch.params.service !== undefined) url.searchParams.set('service', ch.params.service);
      for (const s of scopes) url.searchParams.append('scope', s);
      const headers: Record<string, string> = creds === undefined ? {} : { Authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}` };
      res = await send({ method: 'GET', url: url.toString(), headers, signal: this.opts.signal }, ep.name);
    }
    if (!res.ok) throw new RegistryAuthError(this.displayRef, action, `token server ${url.host} answered ${res.status}: ${await errorDetail(res)}`);
    const body = (await res.json()) as { token?: string; access_token?: string };
    return body.token ?? body.access_token ?? '';
  }

  private manifestRequest(ep: Endpoint, method: 'GET' | 'HEAD', reference: string): Promise<RegistryResponse> {
    return this.request(ep, method, `/v2/${this.repo}/manifests/${reference}`, { headers: { Accept: MANIFEST_ACCEPT } });
  }

  /** A manifest request; undefined when a mirror fails to answer, so the next endpoint is asked. */
  private async askManifest(ep: Endpoint, method: 'GET' | 'HEAD', reference: string): Promise<RegistryResponse | undefined> {
    try {
      return await this.manifestRequest(ep, method, reference);
    } catch (e) {
      if (ep.mirror) return undefined;
      throw e;
    }
  }

  /** The manifest (or index) a tag or digest names, from the first endpoint that has it. */
  async getManifest(reference: string): Promise<FetchedManifest> {
    let lastDetail = 'manifest unknown';
    for (const ep of this.endpoints) {
      const res = await this.askManifest(ep, 'GET', reference);
      if (res === undefined) continue;
      if (res.ok) {
        const bytes = Buffer.from(await res.arrayBuffer());
        const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
        return { bytes, mediaType: mediaType || sniffMediaType(bytes), digest: sha256(bytes), endpoint: ep };
      }
      lastDetail = await errorDetail(res);
      if (ep.mirror) continue;
      if (res.status === 404) throw new ManifestUnknownError(this.displayRef, lastDetail);
      throw new RegistryResponseError(ep.name, `GET manifest ${reference}`, res.status, lastDetail);
    }
    throw new ManifestUnknownError(this.displayRef, lastDetail);
  }

  /** HEAD of a manifest: its digest, or undefined when the registry has no such tag. */
  async headManifest(reference: string): Promise<{ digest: string; mediaType: string } | undefined> {
    const res = await this.manifestRequest(this.origin, 'HEAD', reference);
    await discard(res);
    if (res.status === 404) return undefined;
    const digest = res.headers.get('docker-content-digest');
    if (!res.ok || digest === null) return { ...(await this.getManifest(reference)) };
    return { digest, mediaType: res.headers.get('content-type') ?? '' };
  }

  /**
   * The digest a tag or digest names now, by HEAD (what docker asks before a
   * pull), from the first endpoint that answers with Docker-Content-Digest;
   * undefined when none does, so the caller asks with GET and reports its errors.
   */
  async manifestDigest(reference: string): Promise<{ digest: string; endpoint: Endpoint } | undefined> {
    for (const ep of this.endpoints) {
      const res = await this.askManifest(ep, 'HEAD', reference);
      if (res === undefined) continue;
      await discard(res);
      const digest = res.headers.get('docker-content-digest');
      if (res.ok && digest !== null && isDigest(digest)) return { digest, endpoint: ep };
      if (!ep.mirror) return undefined;
    }
    return undefined;
  }

  async blob(digest: string, ep: Endpoint = this.origin): Promise<RegistryResponse> {
    const res = await this.request(ep, 'GET', `/v2/${this.repo}/blobs/${digest}`);
    if (res.ok) return res;
    const detail = await errorDetail(res);
    if (ep.mirror) return this.blob(digest, this.origin);
    throw new RegistryResponseError(ep.name, `GET blob ${digest}`, res.status, detail);
  }
}

function sniffMediaType(bytes: Buffer): string {
  try {
    return (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType ?? '';
  } catch {
    return '';
  }
}
