import { maskWhere } from '@hemocam/imaging';
import type { LightUnetConfig } from './lightUnetConfig.js';
import type { UnetPrediction } from './predictProbabilities.js';

/** Voxels at or above `threshold` inside the brain, on slices the slice head (where there is one) calls positive. */
export function maskFromPrediction(prediction: UnetPrediction, brain: ArrayLike<number>, plane: number, config: Pick<LightUnetConfig, 'threshold' | 'sliceThreshold'>): Uint8Array {
  const { voxels, slices } = prediction;
  const { threshold, sliceThreshold } = config;
  return maskWhere(voxels.length, (i) => voxels[i]! >= threshold && brain[i] !== 0 && (!slices || slices[Math.floor(i / plane)]! >= sliceThreshold));
}
