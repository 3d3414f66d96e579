import { distanceTransform } from './distanceTransform.js';

type Dims = readonly [number, number, number];

/** Binary dilation by a ball of `radiusMm` (anisotropic spacing honoured): voxels within the radius of the mask. */
export function dilate(mask: ArrayLike<number>, dims: Dims, spacing: Dims, radiusMm: number): Uint8Array {
  const d = distanceTransform(mask, dims, spacing);
  const r2 = radiusMm * radiusMm + 1e-9;
  return Uint8Array.from(d, (v) => (v <= r2 ? 1 : 0));
}

/** Binary erosion by a ball of `radiusMm`: mask voxels farther than the radius from any background voxel (the grid edge is not background). */
export function erode(mask: ArrayLike<number>, dims: Dims, spacing: Dims, radiusMm: number): Uint8Array {
  const background = Uint8Array.from({ length: mask.length }, (_, i) => (mask[i] ? 0 : 1));
  const d = distanceTransform(background, dims, spacing);
  const r2 = radiusMm * radiusMm + 1e-9;
  return Uint8Array.from(d, (v, i) => (mask[i] && v > r2 ? 1 : 0));
}
