import { describe, expect, it } from 'vitest';
import { randomWalk } from './randomWalk.js';

describe('randomWalk', () => {
  it('on a chain of equal values between a seed of 1 and one of 0, falls linearly (the discrete harmonic function)', () => {
    const p = randomWalk(new Float32Array(5).fill(40), [5, 1, 1], [1, -1, -1, -1, 0], { sigma: 10, prior: 0, tolerance: 1e-10 });
    expect(Array.from(p).map((v) => +v.toFixed(4))).toEqual([1, 0.75, 0.5, 0.25, 0]);
  });

  it('stops at an HU edge: voxels on the seed side of it go to the seed, the others to the background', () => {
    const p = randomWalk([65, 64, 66, 65, 30, 31, 30], [7, 1, 1], [1, -1, -1, -1, -1, -1, 0], { sigma: 5 });
    expect(Array.from(p.subarray(1, 4)).every((v) => v > 0.95)).toBe(true);
    expect(Array.from(p.subarray(4, 6)).every((v) => v < 0.05)).toBe(true);
  });

  it('walks across slices with zWeight, not at all with zWeight 0; a region no seed touches stays 0; seeds keep their values', () => {
    const values = new Float32Array(8).fill(50);
    const seeds = [1, -1, -1, -1, -1, -1, -1, -1]; // [2, 2, 2]: seed at (0, 0, 0), the rest unknown, no background seed
    const across = randomWalk(values, [2, 2, 2], seeds, { sigma: 10 });
    expect(Array.from(across).every((v) => v > 0.99)).toBe(true);
    const [nx, ny] = [2, 2];
    const within = randomWalk(values, [nx, ny, 2], seeds, { sigma: 10, zWeight: 0 });
    expect(Array.from(within.subarray(0, 4)).every((v) => v > 0.99)).toBe(true);
    expect(Array.from(within.subarray(4))).toEqual([0, 0, 0, 0]);
    expect(Array.from(randomWalk([1, 2, 3], [3, 1, 1], [0, 1, 0], { sigma: 1 }))).toEqual([0, 1, 0]);
  });
});
