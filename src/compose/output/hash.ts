/**
 * docker compose's ServiceHash (`config --hash`, and the config-hash label
 * of containers). Apart from index.ts so that only what hashes loads
 * node:crypto, which costs about 5 ms to load.
 */
import { createHash } from 'node:crypto';
import { isMapping, type Mapping } from '../tree.js';
import { decodeStruct } from './decode.js';
import { toGoJson } from './json.js';

/** docker compose's ServiceHash: sha256 of the compact JSON, without build, pull_policy, scale and deploy.replicas. */
export function serviceHash(service: Mapping): string {
  const { build: _build, pull_policy: _pull, scale: _scale, ...rest } = service;
  const deploy = rest.deploy;
  if (isMapping(deploy)) {
    const { replicas: _replicas, ...others } = deploy;
    rest.deploy = others;
  }
  const json = toGoJson(decodeStruct('Service', rest, 'json', ''), false);
  return createHash('sha256').update(json).digest('hex');
}
