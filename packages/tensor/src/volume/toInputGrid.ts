import type * as tfType from '@tensorflow/tfjs';
import type { SquareBox } from '@hemocam/core';

/**
 * Slices [n, ny, nx, c] as a network sees them: the square `box` of each (or, without one, the
 * whole slice) resampled bilinearly to size×size, the box's first and last pixel centres on the
 * output's corners; parts of the box past the image read 0. {@link toVolumeGrid} inverts it.
 */
export function toInputGrid(tf: typeof tfType, slices: tfType.Tensor4D, size: number, box?: SquareBox | null): tfType.Tensor4D {
  const [n, ny, nx] = slices.shape;
  if (!box || nx < 2 || ny < 2) return nx === size && ny === size ? slices : tf.image.resizeBilinear(slices, [size, size], true);
  const corners = [box.y0 / (ny - 1), box.x0 / (nx - 1), (box.y0 + box.side - 1) / (ny - 1), (box.x0 + box.side - 1) / (nx - 1)];
  const boxes = tf.tensor2d(
    Array.from({ length: n }, () => corners),
    [n, 4],
  );
  const indices = tf.range(0, n, 1, 'int32');
  return tf.image.cropAndResize(slices, boxes, indices, [size, size], 'bilinear', 0);
}
