/**
 * Registry credentials from docker's config file (`~/.docker/config.json`,
 * or $DOCKER_CONFIG/config.json): `auths` entries, and the credential
 * helpers it names (`credHelpers` per registry, `credsStore` for all), run
 * as `docker-credential-<name> get` exactly as the docker CLI runs them.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CommandRunner } from '../../host/command.js';
import { ImageError } from '../errors.js';

export interface Credentials {
  username: string;
  password: string;
  /** An OAuth2 refresh token (docker config `identitytoken`), exchanged at the token endpoint. */
  identityToken?: string;
}

export type CredentialLookup = (domain: string) => Promise<Credentials | undefined>;

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** Docker Hub's key in config.json is the v1 index URL. */
const HUB_KEY = 'https://index.docker.io/v1/';

export function defaultDockerConfigPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const dir = env.DOCKER_CONFIG;
  return dir !== undefined && dir !== '' ? join(dir, 'config.json') : join(env.HOME ?? homedir(), '.docker', 'config.json');
}

/** `https://host:5000/v2/` and `host:5000` name the same registry. */
export function configKeyHost(key: string): string {
  return key.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
}

function readConfig(path: string): DockerConfig {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as DockerConfig;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ImageError('E_DOCKER_CONFIG', `cannot read ${path}: ${(e as Error).message}`, { hint: 'fix or remove the docker config file' });
  }
}

export function dockerConfigCredentials(path: string, runner: CommandRunner): CredentialLookup {
  let config: DockerConfig | undefined;
  return async (domain) => {
    config ??= readConfig(path);
    const isHub = domain === 'docker.io';
    const host = isHub ? 'index.docker.io' : domain;
    const helper = Object.entries(config.credHelpers ?? {}).find(([k]) => configKeyHost(k) === host)?.[1] ?? config.credsStore;
    if (helper !== undefined && helper !== '') {
      const found = await fromHelper(helper, isHub ? HUB_KEY : domain, runner);
      if (found !== undefined) return found;
    }
    const entry = Object.entries(config.auths ?? {}).find(([k]) => configKeyHost(k) === host)?.[1];
    if (entry === undefined) return undefined;
    if (entry.identitytoken !== undefined && entry.identitytoken !== '') return { username: '', password: '', identityToken: entry.identitytoken };
    if (entry.auth !== undefined && entry.auth !== '') {
      const text = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = text.indexOf(':');
      if (colon === -1) throw new ImageError('E_DOCKER_CONFIG', `${path}: the auth of ${domain} is not base64 of user:password`);
      return { username: text.slice(0, colon), password: text.slice(colon + 1) };
    }
    if (entry.username !== undefined) return { username: entry.username, password: entry.password ?? '' };
    return undefined;
  };
}

async function fromHelper(helper: string, serverUrl: string, runner: CommandRunner): Promise<Credentials | undefined> {
  const bin = `docker-credential-${helper}`;
  let r;
  try {
    r = await runner.run(bin, ['get'], { input: serverUrl, allowFailure: true, timeoutMs: 30_000 });
  } catch (e) {
    // CommandNotFoundError, told by its code so this module does not load the runner (and execa).
    if ((e as { code?: string }).code === 'E_COMMAND_NOT_FOUND') return undefined;
    throw e;
  }
  // Helpers answer "credentials not found in native keychain" when they have none.
  if (r.exitCode !== 0) return undefined;
  const got = JSON.parse(r.stdout) as { Username?: string; Secret?: string };
  if (got.Username === '<token>') return { username: '', password: '', identityToken: got.Secret ?? '' };
  return { username: got.Username ?? '', password: got.Secret ?? '' };
}
