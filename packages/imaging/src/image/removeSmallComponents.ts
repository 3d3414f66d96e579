import { maskWhere } from './maskWhere.js';
import { labelComponents } from './labelComponents.js';

/** Drop the 3-D (6-connected) components of a binary mask with fewer than `minVoxels` voxels. */
export function removeSmallComponents(mask: ArrayLike<number>, dims: readonly [number, number, number], minVoxels: number): Uint8Array {
  const { labels, sizes } = labelComponents(mask, dims);
  return maskWhere(labels.length, (i) => labels[i]! > 0 && sizes[labels[i]!]! >= minVoxels);
}
