/**
 * When an existing container must be recreated (docker compose's
 * mustRecreate): never with --no-recreate, always with --force-recreate,
 * else when a dependency it restarts with (`restart: true`, or a shared
 * namespace) was recreated, its config hash changed, or the image its
 * reference points to now is another one.
 */
import type { DesiredService, ObservedContainer } from './types.js';
import type { RecreateStrategy } from './up-options.js';

/** Why the container must go, or undefined to keep it. */
export function recreateCause(
  svc: DesiredService,
  container: ObservedContainer,
  strategy: RecreateStrategy,
  recreatedParent: string | undefined,
  expectedImageId: string | undefined,
): string | undefined {
  if (strategy === 'never') return undefined;
  if (strategy === 'force') return 'forced';
  if (recreatedParent !== undefined) return `dependency ${recreatedParent} recreated`;
  if (container.hash !== svc.hash) return 'config changed';
  // An image that is not there yet (it will be pulled) cannot be compared; up plans again after pulling.
  if (expectedImageId !== undefined && container.imageId !== expectedImageId) return 'image changed';
  return undefined;
}
