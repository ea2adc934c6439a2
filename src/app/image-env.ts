/**
 * The image store and registry settings a command works with: the store
 * under the state root (lib/images), docker's config file for credentials,
 * and the registry settings a Docker user already has in daemon.json
 * (`insecure-registries`, `registry-mirrors`), plus TSCOMPOSE_* overrides.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openImageStore, type ImageStore, type RegistryOptions } from '../images/index.js';
import { defaultDockerConfigPath } from '../images/registry/credentials.js';
import { lazyHostRunner } from '../images/registry/lazy-runner.js';
import { stateRoots } from '../host/state-root.js';
import type { HostContext } from '../host/fs.js';

export function imageStoreFor(host: HostContext): ImageStore {
  return openImageStore(join(stateRoots(host.env).lib, 'images'));
}

interface DaemonJson {
  'insecure-registries'?: string[];
  'registry-mirrors'?: string[];
}

function daemonJson(host: HostContext): DaemonJson {
  const path = host.env.TSCOMPOSE_DAEMON_JSON ?? '/etc/docker/daemon.json';
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as DaemonJson;
  } catch {
    return {};
  }
}

function list(v: string | undefined): string[] | undefined {
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function registryOptionsFor(host: HostContext): RegistryOptions {
  const daemon = daemonJson(host);
  return {
    insecureRegistries: list(host.env.TSCOMPOSE_INSECURE_REGISTRIES) ?? daemon['insecure-registries'] ?? [],
    mirrors: list(host.env.TSCOMPOSE_REGISTRY_MIRRORS) ?? daemon['registry-mirrors'] ?? [],
    dockerConfigPath: defaultDockerConfigPath({ ...host.env, HOME: host.homeDir }),
    runner: lazyHostRunner,
  };
}
