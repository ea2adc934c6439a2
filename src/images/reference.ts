/**
 * Image references normalised as docker does (distribution/reference's
 * ParseNormalizedNamed): `nginx` is `docker.io/library/nginx:latest`, a
 * first component with a dot, a colon or `localhost` is a registry, and
 * `index.docker.io` is docker.io. Pure.
 */
import { InvalidReferenceError } from './errors.js';

export interface ImageReference {
  /** Registry host as written (`docker.io`, `127.0.0.1:5000`). */
  domain: string;
  /** Repository path inside the registry (`library/nginx`). */
  path: string;
  tag?: string;
  digest?: string;
}

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANY_CASE = new RegExp(`^((?:${DOMAIN}/)?[a-zA-Z0-9._/-]+?)(?::(${TAG}))?(?:@(${DIGEST}))?$`);

export const DOCKER_HUB = 'docker.io';
export const DEFAULT_TAG = 'latest';

export function isImageId(s: string): boolean {
  return /^(sha256:)?[0-9a-f]{64}$/.test(s);
}

/** A reference as the user wrote it, normalised; throws InvalidReferenceError. */
export function parseReference(ref: string): ImageReference {
  if (/^[0-9a-f]{64}$/.test(ref)) {
    throw new InvalidReferenceError(ref, 'invalid repository name, cannot specify 64-byte hexadecimal strings');
  }
  const { domain, remainder } = splitDomain(ref);
  const full = `${domain}/${remainder}`;
  const m = REFERENCE.exec(full);
  if (m === null) {
    const loose = ANY_CASE.exec(full);
    if (loose !== null && loose[1] !== loose[1]?.toLowerCase() && remainder.toLowerCase() !== remainder) {
      throw new InvalidReferenceError(ref, 'invalid reference format: repository name must be lowercase');
    }
    throw new InvalidReferenceError(ref);
  }
  const name = m[1] ?? '';
  if (name.length > 255) throw new InvalidReferenceError(ref, 'repository name must not be more than 255 characters');
  const path = name.slice(domain.length + 1);
  const out: ImageReference = { domain, path };
  if (m[2] !== undefined) out.tag = m[2];
  if (m[3] !== undefined) {
    if (!/^sha256:[0-9a-f]{64}$/.test(m[3])) throw new InvalidReferenceError(ref, 'invalid digest (only sha256 is supported)');
    out.digest = m[3];
  }
  return out;
}

function splitDomain(ref: string): { domain: string; remainder: string } {
  const i = ref.indexOf('/');
  const first = i === -1 ? '' : ref.slice(0, i);
  const isDomain = i !== -1 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  let domain = isDomain ? first : DOCKER_HUB;
  let remainder = isDomain ? ref.slice(i + 1) : ref;
  if (domain === 'index.docker.io') domain = DOCKER_HUB;
  if (domain === DOCKER_HUB && !remainder.includes('/')) remainder = `library/${remainder}`;
  return { domain, remainder };
}

/** docker's TagNameOnly: a reference without tag nor digest gets `latest`. */
export function withDefaultTag(r: ImageReference): ImageReference {
  return r.tag === undefined && r.digest === undefined ? { ...r, tag: DEFAULT_TAG } : r;
}

export function repositoryName(r: ImageReference): string {
  return `${r.domain}/${r.path}`;
}

/** The normalised string: `docker.io/library/nginx:latest`, `host/x@sha256:…`. */
export function referenceString(r: ImageReference): string {
  return `${repositoryName(r)}${r.tag === undefined ? '' : `:${r.tag}`}${r.digest === undefined ? '' : `@${r.digest}`}`;
}

/** docker's FamiliarName: `docker.io/library/nginx` prints as `nginx`. */
export function familiarName(r: ImageReference): string {
  if (r.domain !== DOCKER_HUB) return repositoryName(r);
  return r.path.startsWith('library/') && r.path.split('/').length === 2 ? r.path.slice('library/'.length) : r.path;
}

export function familiarString(r: ImageReference): string {
  return `${familiarName(r)}${r.tag === undefined ? '' : `:${r.tag}`}${r.digest === undefined ? '' : `@${r.digest}`}`;
}

/** A user reference normalised with its default tag, as the store keys tags. */
export function normalizeReference(ref: string): string {
  return referenceString(withDefaultTag(parseReference(ref)));
}

/** The host to talk to: Docker Hub's API lives on registry-1.docker.io. */
export function registryHost(domain: string): string {
  return domain === DOCKER_HUB ? 'registry-1.docker.io' : domain;
}
