import { describe, expect, it } from 'vitest';
import { tissueSummary } from './tissueSummary.js';

describe('tissueSummary', () => {
  it('splits air, soft tissue and bone with their medians', () => {
    const data = Float32Array.from([-1000, -1000, -990, 20, 30, 40, 35, 800, 1200, NaN]);
    const s = tissueSummary(data);
    expect(s.air).toEqual({ fraction: 3 / 9, median: -1000 }); // of the 9 finite voxels
    expect(s.soft.fraction).toBeCloseTo(4 / 9);
    expect(s.soft.median).toBe(30);
    expect(s.bone).toEqual({ fraction: 2 / 9, median: 800 });
    expect(tissueSummary(new Float32Array([NaN])).soft).toEqual({ fraction: 0, median: NaN });
  });
});
