import type { VoxelData } from '@hemocam/core';

export interface VolumeStats {
  min: number;
  max: number;
  mean: number;
  /** Voxels that are NaN or ±Infinity; excluded from min, max and mean. */
  nonFinite: number;
}

/** Min, max and mean over the finite voxels (mean accumulated in float64). */
export function volumeStats(data: VoxelData): VolumeStats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let nonFinite = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const finite = data.length - nonFinite;
  return finite === 0 ? { min: NaN, max: NaN, mean: NaN, nonFinite } : { min, max, mean: sum / finite, nonFinite };
}
