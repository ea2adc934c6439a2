/**
 * docker/go-units RAMInBytes: `64m`, `1.5g`, `512kb`, `100` (bytes), binary
 * multiples, case-insensitive; for `RUN --mount=type=tmpfs,size=...`.
 */
const MULT: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

export function ramInBytes(size: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?) ?([kKmMgGtTpP])?(?:[iI]?[bB])?$/.exec(size);
  if (m === null) return undefined;
  const unit = (m[2] ?? '').toLowerCase();
  return Math.trunc(Number(m[1]) * (MULT[unit] as number));
}
