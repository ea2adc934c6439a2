/**
 * Image references as distribution/reference normalizes them: `alpine` is
 * `docker.io/library/alpine:latest`, `user/app` is `docker.io/user/app:latest`,
 * a registry host keeps its name; a digest is kept, a tag added only when
 * neither is given.
 */
import { DockerfileError } from '../errors.js';
import { goQuote } from '../go-quote.js';

export interface ImageReference {
  domain: string;
  path: string;
  tag?: string;
  digest?: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?$|^\[[0-9a-fA-F:.]+\](?::[0-9]+)?$/;

export function parseReference(ref: string): ImageReference {
  const bad = (why = 'invalid reference format'): never => {
    throw new DockerfileError(`failed to parse stage name ${goQuote(ref)}: ${why}`, undefined, undefined);
  };
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) bad();
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) bad();
  }
  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
  const domain = hasDomain ? first : 'docker.io';
  let path = hasDomain ? rest.slice(slash + 1) : rest;
  if (hasDomain && !DOMAIN.test(domain)) bad();
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  if (path !== path.toLowerCase()) bad(`invalid reference format: repository name (${path}) must be lowercase`);
  if (path === '' || !path.split('/').every((c) => COMPONENT.test(c))) bad();
  return { domain, path, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/** The normalized name with `:latest` added when there is neither tag nor digest (TagNameOnly). */
export function normalizeReference(ref: string): string {
  const r = parseReference(ref);
  const tag = r.tag ?? (r.digest === undefined ? 'latest' : undefined);
  return `${r.domain}/${r.path}${tag === undefined ? '' : `:${tag}`}${r.digest === undefined ? '' : `@${r.digest}`}`;
}
