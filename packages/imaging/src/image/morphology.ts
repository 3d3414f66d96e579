import { maskWhere } from './maskWhere.js';
import { distanceTransform } from './distanceTransform.js';

type Dims = readonly [number, number, number];

/** Binary dilation by a ball of `radiusMm` (anisotropic spacing honoured): voxels within the radius of the mask. */
export function dilate(mask: ArrayLike<number>, dims: Dims, spacing: Dims, radiusMm: number): Uint8Array {
  const d = distanceTransform(mask, dims, spacing);
  const r2 = radiusMm * radiusMm + 1e-9;
  return maskWhere(d.length, (i) => d[i]! <= r2);
}

/** Binary erosion by a ball of `radiusMm`: mask voxels farther than the radius from any background voxel (the grid edge is not background). */
export function erode(mask: ArrayLike<number>, dims: Dims, spacing: Dims, radiusMm: number): Uint8Array {
  const background = maskWhere(mask.length, (i) => !mask[i]);
  const d = distanceTransform(background, dims, spacing);
  const r2 = radiusMm * radiusMm + 1e-9;
  return maskWhere(d.length, (i) => mask[i] && d[i]! > r2);
}
