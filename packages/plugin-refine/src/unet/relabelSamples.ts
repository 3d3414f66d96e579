import type * as tfType from '@tensorflow/tfjs';
import type { LightUnetConfig } from './lightUnetConfig.js';
import { predictInputGrid } from './predictInputGrid.js';
import { classifySlices, type UnetSample } from './unetSamples.js';

/**
 * Self-training: replace each sample's targets by the model's confident predictions on its own
 * input grid — 1 at or above `confidence`, 0 at or below 1 − `confidence`, ignored (−1) between —
 * keeping slices the slice labels call negative at 0. Returns the share of voxels labelled positive.
 */
export function relabelSamples(tf: typeof tfType, model: tfType.LayersModel, samples: readonly UnetSample[], config: LightUnetConfig): number {
  const plane = config.inputSize ** 2;
  const high = config.confidence;
  const low = 1 - config.confidence;
  let positive = 0;
  let total = 0;
  for (const sample of samples) {
    const { target, sliceTarget } = sample;
    const probs = predictInputGrid(tf, model, sample.input).voxels;
    for (let i = 0; i < target.length; i++) {
      const p = probs[i]!;
      target[i] = sliceTarget[Math.floor(i / plane)] === 0 || p <= low ? 0 : p >= high ? 1 : -1;
      if (target[i] === 1) positive++;
    }
    total += target.length;
    classifySlices(sample, config);
  }
  return total === 0 ? 0 : positive / total;
}
