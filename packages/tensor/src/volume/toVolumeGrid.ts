import type * as tfType from '@tensorflow/tfjs';
import type { SquareBox } from '@hemocam/core';

/**
 * Maps [n, size, size, c] made on {@link toInputGrid}'s grid, back on slices of nx × ny: the box
 * resampled bilinearly to its side in voxels and put in place (0 outside it), or, without a box,
 * the whole map resized.
 */
export function toVolumeGrid(tf: typeof tfType, maps: tfType.Tensor4D, nx: number, ny: number, box?: SquareBox | null): tfType.Tensor4D {
  const size = maps.shape[1];
  if (!box || nx < 2 || ny < 2) return nx === size && ny === size ? maps : tf.image.resizeBilinear(maps, [ny, nx], true);
  const [r0, r1] = [Math.max(0, box.y0), Math.min(ny, box.y0 + box.side)];
  const [c0, c1] = [Math.max(0, box.x0), Math.min(nx, box.x0 + box.side)];
  if (r1 <= r0 || c1 <= c0) return tf.zeros([maps.shape[0], ny, nx, maps.shape[3]]);
  const inBox = tf.image.resizeBilinear(maps, [box.side, box.side], true);
  const part = tf.slice(inBox, [0, r0 - box.y0, c0 - box.x0, 0], [-1, r1 - r0, c1 - c0, -1]);
  return tf.pad(part, [
    [0, 0],
    [r0, ny - r1],
    [c0, nx - c1],
    [0, 0],
  ]);
}
