import { describe, expect, it } from 'vitest';
import { sliceMetrics } from './sliceMetrics.js';

describe('sliceMetrics', () => {
  it('counts sensitivity and specificity at the threshold', () => {
    const m = sliceMetrics([0.9, 0.6, 0.4, 0.1, 0.7], [1, 1, 1, 0, 0]);
    expect(m).toMatchObject({ slices: 5, positives: 3, threshold: 0.5, sensitivity: 2 / 3, specificity: 1 / 2 });
    expect(m.auc).toBeCloseTo(4 / 6, 12);
    expect(sliceMetrics([0.2], [0]).sensitivity).toBeNaN();
  });
});
