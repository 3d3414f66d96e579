import { describe, expect, it } from 'vitest';
import { maskFromPrediction } from './maskFromPrediction.js';

describe('maskFromPrediction', () => {
  const voxels = Float32Array.from([0.9, 0.2, 0.9, 0.9, 0.6, 0.9]); // 3 slices of 2 voxels
  const brain = [1, 1, 1, 0, 1, 1];
  const config = { threshold: 0.5, sliceThreshold: 0.5 };

  it('keeps voxels over the threshold inside the brain', () => {
    expect(Array.from(maskFromPrediction({ voxels, slices: null }, brain, 2, config))).toEqual([1, 0, 1, 0, 1, 1]);
  });

  it('empties the slices the slice head calls negative', () => {
    expect(Array.from(maskFromPrediction({ voxels, slices: Float32Array.from([0.9, 0.1, 0.5]) }, brain, 2, config))).toEqual([1, 0, 0, 0, 1, 1]);
  });
});
