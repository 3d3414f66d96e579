import type { Volume } from '@hemocam/core';

/**
 * Where a reader should look first: the slice with the most voxels of `mask` (the reference, or
 * else the prediction) and the centre of those voxels on it, in world mm (RAS, through the
 * volume's affine) and as a slice index. Undefined when the mask is empty.
 */
export function largestBleedPoint(mask: Volume): { mm: [number, number, number]; slice: number } | undefined {
  const [nx, ny, nz] = mask.dims;
  let best = { z: -1, count: 0, sx: 0, sy: 0 };
  for (let z = 0; z < nz; z++) {
    let count = 0;
    let sx = 0;
    let sy = 0;
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        if (mask.data[x + nx * (y + ny * z)]! > 0) {
          count++;
          sx += x;
          sy += y;
        }
      }
    }
    if (count > best.count) best = { z, count, sx, sy };
  }
  if (best.count === 0) return undefined;
  const voxel = [best.sx / best.count, best.sy / best.count, best.z, 1];
  const mm = mask.affine.slice(0, 3).map((row) => row.reduce((sum, a, j) => sum + a * voxel[j]!, 0)) as [number, number, number];
  return { mm, slice: best.z };
}
