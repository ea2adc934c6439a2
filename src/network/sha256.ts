/**
 * Hex sha256 for names and addresses. node:crypto is loaded by the first
 * call: at import time it cost about 10 ms of every command that opens the
 * network driver, most of which (ps, logs, down) never make a name.
 */
export function sha256Hex(data: string): string {
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(data).digest('hex');
}
