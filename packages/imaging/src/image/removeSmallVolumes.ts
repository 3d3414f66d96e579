import type { Volume } from '@hemocam/core';
import { removeSmallComponents } from './removeSmallComponents.js';

/** Drop the 3-D components of a mask on `grid` smaller than `minVolumeMm3` (voxel size from its spacing). */
export function removeSmallVolumes(mask: ArrayLike<number>, grid: Pick<Volume, 'dims' | 'spacing'>, minVolumeMm3: number): Uint8Array {
  const [sx, sy, sz] = grid.spacing;
  return removeSmallComponents(mask, grid.dims, Math.ceil(minVolumeMm3 / (sx * sy * sz)));
}
