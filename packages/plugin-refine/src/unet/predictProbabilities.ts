import type * as tfType from '@tensorflow/tfjs';
import { prepareVolume } from '@hemocam/tensor';
import type { Volume } from '@hemocam/core';
import type { LightUnetConfig } from './lightUnetConfig.js';

/** Per-voxel probabilities of a volume on its own grid: slices in batches through the U-Net, back-resized bilinearly. */
export function predictProbabilities(tf: typeof tfType, model: tfType.LayersModel, volume: Volume, config: LightUnetConfig, batch = 16): Float32Array {
  const prepared = prepareVolume(tf, volume, config.windows, config.inputSize);
  const [nx, ny, nz] = volume.dims;
  const s = config.inputSize;
  const out = new Float32Array(nx * ny * nz);
  for (let z0 = 0; z0 < nz; z0 += batch) {
    const count = Math.min(batch, nz - z0);
    tf.tidy(() => {
      const x = tf.tensor4d(prepared.data.subarray(z0 * s * s * prepared.channels, (z0 + count) * s * s * prepared.channels), [count, s, s, prepared.channels]);
      const probs = tf.sigmoid(model.apply(x, { training: false }) as tfType.Tensor4D);
      const native = nx === s && ny === s ? probs : tf.image.resizeBilinear(probs, [ny, nx], true);
      out.set(native.dataSync(), z0 * nx * ny);
    });
  }
  return out;
}
