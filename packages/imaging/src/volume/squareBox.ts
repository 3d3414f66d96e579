import type { SquareBox } from '@hemocam/core';

/**
 * The square around every nonzero voxel of a mask (over all slices), grown by `marginMm` on each
 * side and made square about its centre — what a network should see of a head instead of the
 * whole field of view. Null for an empty mask.
 */
export function squareBox(mask: ArrayLike<number>, dims: readonly [number, number, number], spacing: readonly number[], marginMm: number): SquareBox | null {
  const [nx, ny, nz] = dims;
  let xMin = nx;
  let xMax = -1;
  let yMin = ny;
  let yMax = -1;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++) {
      const row = (z * ny + y) * nx;
      for (let x = 0; x < nx; x++) {
        if (mask[row + x] === 0) continue;
        if (x < xMin) xMin = x;
        if (x > xMax) xMax = x;
        if (y < yMin) yMin = y;
        if (y > yMax) yMax = y;
      }
    }
  if (xMax < 0) return null;
  const margin = Math.ceil(marginMm / Math.min(spacing[0] ?? 1, spacing[1] ?? 1));
  const side = Math.max(xMax - xMin, yMax - yMin) + 1 + 2 * margin;
  return { x0: Math.floor((xMin + xMax + 1 - side) / 2), y0: Math.floor((yMin + yMax + 1 - side) / 2), side };
}
