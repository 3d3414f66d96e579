/**
 * A 0/1 mask of `length` voxels, 1 where `test(i)` holds. A plain loop: `Uint8Array.from(array, fn)`
 * boxes every element and runs ~50× slower (2.3 s against 45 ms on a 512×512×32 volume).
 */
export function maskWhere(length: number, test: (i: number) => unknown): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) if (test(i)) out[i] = 1;
  return out;
}
