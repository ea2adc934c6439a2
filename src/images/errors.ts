/**
 * The errors of the image subsystem. Each names the image or the registry it
 * is about, so the one paragraph the CLI prints is enough to act on.
 */
import { TscomposeError, type ErrorOptions } from '../errors.js';

export class ImageError extends TscomposeError {}

/** A reference that docker's grammar refuses (`Nginx`, `a:b:c`). */
export class InvalidReferenceError extends ImageError {
  constructor(ref: string, why = 'invalid reference format') {
    super('E_IMAGE_REFERENCE', `${why}: ${JSON.stringify(ref)}`, {
      hint: 'an image reference is [registry/]repository[:tag][@sha256:digest], repository in lowercase',
    });
  }
}

/** Not in the local store. */
export class NoSuchImageError extends ImageError {
  constructor(ref: string, opts: ErrorOptions = {}) {
    super('E_NO_SUCH_IMAGE', `No such image: ${ref}`, { hint: 'pull it first (tscompose image pull) or check `tscompose image ls`', ...opts });
  }
}

/** A short id that more than one image starts with. */
export class AmbiguousImageError extends ImageError {
  constructor(ref: string) {
    super('E_AMBIGUOUS_IMAGE', `short image id ${JSON.stringify(ref)} is ambiguous: it matches several images`, {
      hint: 'give more characters of the id, or the repository:tag',
    });
  }
}

/** The registry knows no such repository, tag or digest. */
export class ManifestUnknownError extends ImageError {
  constructor(ref: string, detail: string) {
    super('E_MANIFEST_UNKNOWN', `manifest for ${ref} not found: ${detail}`, { hint: 'check the image name and tag' });
  }
}

export class RegistryAuthError extends ImageError {
  constructor(ref: string, action: 'pull' | 'push', detail: string) {
    const what =
      action === 'pull'
        ? `pull access denied for ${ref}, repository does not exist or may require authorization`
        : `push access denied for ${ref}`;
    super('E_REGISTRY_AUTH', `${what}: ${detail}`, {
      hint: 'log in with docker login (credentials come from ~/.docker/config.json), or check the repository name',
    });
  }
}

export class RegistryUnreachableError extends ImageError {
  constructor(registry: string, detail: string, opts: ErrorOptions = {}) {
    super('E_REGISTRY_UNREACHABLE', `cannot reach registry ${registry}: ${detail}`, {
      hint: 'check the registry address and the network; a plain-HTTP registry other than localhost must be listed as insecure',
      ...opts,
    });
  }
}

/** Any other answer the distribution spec does not allow at that point. */
export class RegistryResponseError extends ImageError {
  readonly status: number;
  constructor(registry: string, what: string, status: number, detail: string) {
    super('E_REGISTRY_RESPONSE', `registry ${registry} answered ${status} to ${what}${detail === '' ? '' : `: ${detail}`}`);
    this.status = status;
  }
}

export class DigestMismatchError extends ImageError {
  constructor(ref: string, what: string, expected: string, actual: string) {
    super('E_DIGEST_MISMATCH', `${ref}: ${what} digest mismatch: expected ${expected}, got ${actual}`, {
      hint: 'the registry or a proxy altered the content; nothing of it was kept',
    });
  }
}

export class UnsupportedMediaTypeError extends ImageError {
  constructor(ref: string, mediaType: string) {
    super('E_UNSUPPORTED_MEDIA_TYPE', `${ref}: unsupported media type ${JSON.stringify(mediaType)}`, {
      hint: 'tscompose reads OCI and Docker schema 2 images (schema 1 is deprecated)',
    });
  }
}

export class NoMatchingPlatformError extends ImageError {
  constructor(ref: string, platform: string, available: readonly string[]) {
    super('E_NO_MATCHING_PLATFORM', `no matching manifest for ${platform} in the manifest list entries of ${ref}`, {
      hint: available.length === 0 ? undefined : `the image has: ${available.join(', ')}`,
    });
  }
}

export class DiskFullError extends ImageError {
  constructor(ref: string, path: string, opts: ErrorOptions = {}) {
    super('E_DISK_FULL', `${ref}: no space left on device writing ${path}`, { hint: 'free disk space (tscompose image prune) and retry', ...opts });
  }
}

/** A layer that tries to write outside its root or is not a well-formed tar. */
export class BadLayerError extends ImageError {
  constructor(layer: string, detail: string, opts: ErrorOptions = {}) {
    super('E_BAD_LAYER', `layer ${layer}: ${detail}`, { hint: 'the layer was rejected and nothing of it was kept', ...opts });
  }
}

/** An archive (docker save, OCI layout, rootfs tarball) tscompose cannot read. */
export class BadArchiveError extends ImageError {
  constructor(source: string, detail: string) {
    super('E_BAD_ARCHIVE', `${source}: ${detail}`, {
      hint: 'load reads `docker save` archives and OCI layouts (directory or tar); import reads a rootfs tar',
    });
  }
}

/** An image that other images or tags still need. */
export class ImageInUseError extends ImageError {
  constructor(ref: string, detail: string) {
    super('E_IMAGE_IN_USE', `conflict: unable to remove ${ref}: ${detail}`, { hint: 'use --force to remove every tag of the image' });
  }
}

/** A `--change` instruction import does not accept. */
export class BadChangeError extends ImageError {
  constructor(change: string, detail: string) {
    super('E_BAD_CHANGE', `invalid --change ${JSON.stringify(change)}: ${detail}`, {
      hint: 'import accepts CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME and WORKDIR',
    });
  }
}
