/**
 * mount(2) and umount2(2) made in this process through
 * native/build/tscompose-hostcalls.node (native/hostcalls/addon.c), for the
 * engine's rootfs, /dev/shm and unmounts (and, in the thread pool, tree
 * removals and netlink requests that would stall the main thread): each
 * was a mount(8) or umount(8) process per container, a fork of the Node process and an exec, which on
 * a loaded machine cost more than the call itself. The addon is built only
 * where Node's headers are installed; without it `hostCalls()` is
 * undefined and callers run the programs as before.
 */
import { loadAddon, nativeBinary } from './native.js';

export interface HostCalls {
  /** Throws an Error with `code` (ENOENT, EBUSY, ...) and the message `umount2 TARGET: reason`. */
  umount2(target: string, flags: number): void;
  /** umount2 in the thread pool (an overlay's unmount waits in the kernel); rejects as umount2 throws. */
  umount2Async(target: string, flags: number): Promise<void>;
  /**
   * `rm -rf --one-file-system path` in the thread pool (one trip, against fs.rm's walk through the main
   * thread); a path that does not exist is removed already. Rejects with `remove PATH: reason` and the errno's code,
   * naming the entry that could not go (a mount inside fails its directory, ENOTEMPTY).
   */
  removeTreeAsync(path: string): Promise<void>;
  /**
   * One netlink request, a whole message with its header, on a socket of its own in the thread pool; the
   * reply's bytes up to the NLMSG_DONE or NLMSG_ERROR ending it. Rejects only when the kernel cannot be asked
   * (ETIMEDOUT after 5 s of silence): the request's own errno is in the reply's NLMSG_ERROR.
   */
  netlinkAsync(protocol: number, message: Buffer): Promise<Buffer>;
  /** `flags` are MS_* bits; `data` the file system's options. Throws as umount2 does. */
  mount(source: string, target: string, fstype: string, flags: number, data: string): void;
  /**
   * madvise(MADV_PAGEOUT) over this process's read-only file mappings (the node binary's text and data), in
   * the thread pool: the KiB advised, 0 where the kernel has no MADV_PAGEOUT. Pages used again fault back in
   * from the file; pages another process maps too stay.
   */
  releaseFilePagesAsync(): Promise<number>;
}

export const MNT_DETACH = 2;
export const MS_NOSUID = 2;
export const MS_NODEV = 4;
export const MS_NOEXEC = 8;

let loaded: HostCalls | undefined | null = null;

/** The addon, loaded once; undefined when it was not built (or TSCOMPOSE_NO_HOSTCALLS=1 asks for the programs). */
export function hostCalls(env: Readonly<Record<string, string | undefined>> = process.env): HostCalls | undefined {
  if (loaded !== null) return loaded;
  const path = env.TSCOMPOSE_NO_HOSTCALLS === '1' ? undefined : nativeBinary('tscompose-hostcalls.node', env);
  if (path === undefined) {
    loaded = undefined;
    return loaded;
  }
  loaded = loadAddon<HostCalls>(path);
  return loaded;
}

/** The errno name of an addon or Node error (ENOENT, EBUSY), or undefined. */
export function errnoCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
