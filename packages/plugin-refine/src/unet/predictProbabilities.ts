import type * as tfType from '@tensorflow/tfjs';
import { prepareVolume, toVolumeGrid } from '@hemocam/tensor';
import type { SquareBox, Volume } from '@hemocam/core';
import type { LightUnetConfig } from './lightUnetConfig.js';
import { predictInputGrid } from './predictInputGrid.js';

/** What the U-Net says about a volume: per-voxel probabilities (on the volume's grid, or the input grid for `predictInputGrid`), and per slice where the model has a slice head. */
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
  const onGrid = predictInputGrid(tf, model, prepareVolume(tf, volume, config.windows, config.inputSize, box), batch);
  const [nx, ny, nz] = volume.dims;
  const s = config.inputSize;
  const voxels = new Float32Array(nx * ny * nz);
  for (let z0 = 0; z0 < nz; z0 += batch) {
    const count = Math.min(batch, nz - z0);
    tf.tidy(() => {
      const probs = tf.tensor4d(onGrid.voxels.subarray(z0 * s * s, (z0 + count) * s * s), [count, s, s, 1]);
      voxels.set(toVolumeGrid(tf, probs, nx, ny, box).dataSync(), z0 * nx * ny);
    });
  }
  return { voxels, slices: onGrid.slices };
}
