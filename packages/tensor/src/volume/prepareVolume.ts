import type * as tfType from '@tensorflow/tfjs';
import type { SquareBox, Volume } from '@hemocam/core';
import { toInputGrid } from './toInputGrid.js';

export interface PreparedVolume {
  /** [slices, size, size, channels], x-fastest within a slice, values in [0, 1]. */
  data: Float32Array;
  slices: number;
  size: number;
  channels: number;
}

/**
 * A CT volume as network input: each HU window (centre, width) clipped to [0, 1] becomes a
 * channel, and each axial slice — or its square `box`, e.g. around the brain — is resampled
 * (bilinear) to size×size. Row/column order is kept, so a map at this size maps back to the
 * native grid with `toVolumeGrid` and the same box.
 */
export function prepareVolume(tf: typeof tfType, volume: Volume, windows: readonly { center: number; width: number }[], size: number, box?: SquareBox | null): PreparedVolume {
  const [nx, ny, nz] = volume.dims;
  let data: Float32Array = new Float32Array(0);
  // Not `return`ed from tidy: tidy would walk the millions of values looking for tensors.
  tf.tidy(() => {
    const hu = tf.tensor4d(Float32Array.from(volume.data), [nz, ny, nx, 1]);
    const channels = windows.map((w) => tf.clipByValue(tf.div(tf.sub(hu, w.center - w.width / 2), w.width), 0, 1));
    const stacked = tf.concat(channels, 3) as tfType.Tensor4D;
    data = toInputGrid(tf, stacked, size, box).dataSync() as Float32Array;
  });
  return { data, slices: nz, size, channels: windows.length };
}
