import type * as tfType from '@tensorflow/tfjs';
import { prepareVolume, toVolumeGrid } from '@hemocam/tensor';
import type { SquareBox, Volume } from '@hemocam/core';
import type { LightUnetConfig } from './lightUnetConfig.js';

/** What the U-Net says about a volume: per-voxel probabilities on its own grid, and per slice where the model has a slice head. */
export interface UnetPrediction {
  voxels: Float32Array;
  slices: Float32Array | null;
}

/** Slices (or their `box`) in batches through the U-Net, pixel probabilities resampled back to the volume's grid (0 outside the box). */
export function predictProbabilities(
  tf: typeof tfType,
  model: tfType.LayersModel,
  volume: Volume,
  config: Pick<LightUnetConfig, 'windows' | 'inputSize'>,
  box: SquareBox | null,
  batch = 16,
): UnetPrediction {
  const prepared = prepareVolume(tf, volume, config.windows, config.inputSize, box);
  const [nx, ny, nz] = volume.dims;
  const s = config.inputSize;
  const voxels = new Float32Array(nx * ny * nz);
  const slices = model.outputs.length > 1 ? new Float32Array(nz) : null;
  for (let z0 = 0; z0 < nz; z0 += batch) {
    const count = Math.min(batch, nz - z0);
    tf.tidy(() => {
      const x = tf.tensor4d(prepared.data.subarray(z0 * s * s * prepared.channels, (z0 + count) * s * s * prepared.channels), [count, s, s, prepared.channels]);
      const out = model.apply(x, { training: false }) as tfType.Tensor | tfType.Tensor[];
      const [pixel, slice] = Array.isArray(out) ? out : [out];
      const probs = tf.sigmoid(pixel as tfType.Tensor4D);
      voxels.set(toVolumeGrid(tf, probs, nx, ny, box).dataSync(), z0 * nx * ny);
      if (slices && slice) slices.set(tf.sigmoid(slice).dataSync(), z0);
    });
  }
  return { voxels, slices };
}
