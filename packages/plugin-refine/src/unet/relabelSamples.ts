import type * as tfType from '@tensorflow/tfjs';
import type { LightUnetConfig } from './lightUnetConfig.js';
import { classifySlices, type UnetSample } from './unetSamples.js';

/**
 * Self-training: replace each sample's targets by the model's confident predictions on its own
 * input grid — 1 at or above `confidence`, 0 at or below 1 − `confidence`, ignored (−1) between —
 * keeping slices the slice labels call negative at 0. Returns the share of voxels labelled positive.
 */
export function relabelSamples(tf: typeof tfType, model: tfType.LayersModel, samples: readonly UnetSample[], config: LightUnetConfig, batch = 16): number {
  const s = config.inputSize;
  const plane = s * s;
  const high = config.confidence;
  const low = 1 - config.confidence;
  let positive = 0;
  let total = 0;
  for (const sample of samples) {
    const { input, target, sliceTarget } = sample;
    for (let z0 = 0; z0 < input.slices; z0 += batch) {
      const count = Math.min(batch, input.slices - z0);
      tf.tidy(() => {
        const x = tf.tensor4d(input.data.subarray(z0 * plane * input.channels, (z0 + count) * plane * input.channels), [count, s, s, input.channels]);
        const out = model.apply(x, { training: false }) as tfType.Tensor | tfType.Tensor[];
        const probs = tf.sigmoid(Array.isArray(out) ? out[0]! : out).dataSync();
        for (let k = 0; k < count * plane; k++) {
          const i = z0 * plane + k;
          const p = probs[k]!;
          target[i] = sliceTarget[Math.floor(i / plane)] === 0 || p <= low ? 0 : p >= high ? 1 : -1;
          if (target[i] === 1) positive++;
        }
      });
    }
    total += target.length;
    classifySlices(sample, config);
  }
  return total === 0 ? 0 : positive / total;
}
