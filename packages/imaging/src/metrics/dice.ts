/**
 * Dice similarity coefficient 2|A∩B| / (|A| + |B|) of two binary masks on one grid. Both empty:
 * 1 (agreement that there is nothing), as in the INSTANCE challenge's handling of empty cases.
 */
export function dice(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`masks differ in size: ${a.length} vs ${b.length} voxels`);
  let both = 0,
    sa = 0,
    sb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ? 1 : 0;
    const y = b[i] ? 1 : 0;
    both += x & y;
    sa += x;
    sb += y;
  }
  return sa + sb === 0 ? 1 : (2 * both) / (sa + sb);
}
