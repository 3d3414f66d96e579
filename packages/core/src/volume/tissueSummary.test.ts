import { describe, expect, it } from 'vitest';
import { tissueSummary } from './tissueSummary.js';

describe('tissueSummary', () => {
  it('splits air, soft tissue and bone with their medians', () => {
    const data = Int16Array.from([-1000, -1000, -990, 20, 30, 40, 35, 800, 1200, NaN as unknown as number]);
    const s = tissueSummary(data);
    expect(s.air).toEqual({ fraction: 3 / 10, median: -1000 });
    expect(s.soft.fraction).toBeCloseTo(0.4);
    expect(s.soft.median).toBe(30);
    expect(s.bone).toEqual({ fraction: 0.2, median: 800 });
    expect(tissueSummary(new Float32Array([NaN])).soft).toEqual({ fraction: 0, median: NaN });
  });
});
