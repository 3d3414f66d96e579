import type * as tfType from '@tensorflow/tfjs';
import type { PreparedVolume } from '@hemocam/tensor';
import type { UnetPrediction } from './predictProbabilities.js';

/** The U-Net over a prepared volume in batches of slices: pixel probabilities on its input grid [slices, size, size], and per slice where the model has a slice head. */
export function predictInputGrid(tf: typeof tfType, model: tfType.LayersModel, input: PreparedVolume, batch = 16): UnetPrediction {
  const plane = input.size * input.size;
  const voxels = new Float32Array(input.slices * plane);
  const slices = model.outputs.length > 1 ? new Float32Array(input.slices) : null;
  for (let z0 = 0; z0 < input.slices; z0 += batch) {
    const count = Math.min(batch, input.slices - z0);
    tf.tidy(() => {
      const x = tf.tensor4d(input.data.subarray(z0 * plane * input.channels, (z0 + count) * plane * input.channels), [count, input.size, input.size, input.channels]);
      const out = model.apply(x, { training: false }) as tfType.Tensor | tfType.Tensor[];
      const [pixel, slice] = Array.isArray(out) ? out : [out];
      voxels.set(tf.sigmoid(pixel!).dataSync(), z0 * plane);
      if (slices && slice) slices.set(tf.sigmoid(slice).dataSync(), z0);
    });
  }
  return { voxels, slices };
}
