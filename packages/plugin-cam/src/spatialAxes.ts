import type * as tfType from '@tensorflow/tfjs';

/** The spatial axes of channels-last feature maps [N, ...spatial, F]: 1 … rank−2. */
export function spatialAxes(t: tfType.Tensor): number[] {
  return Array.from({ length: t.rank - 2 }, (_, i) => i + 1);
}
