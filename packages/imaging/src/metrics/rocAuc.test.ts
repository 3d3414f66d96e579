import { describe, expect, it } from 'vitest';
import { rocAuc } from './rocAuc.js';

describe('rocAuc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one, 0.5 for ties, NaN for one class', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNaN();
  });

  it('matches the pairwise definition', () => {
    const scores = [0.3, 0.7, 0.2, 0.7, 0.9, 0.1, 0.5, 0.5];
    const labels = [0, 1, 0, 0, 1, 0, 1, 0];
    let wins = 0;
    let pairs = 0;
    scores.forEach((p, i) =>
      scores.forEach((n, j) => {
        if (labels[i] === 1 && labels[j] === 0) {
          pairs++;
          wins += p > n ? 1 : p === n ? 0.5 : 0;
        }
      }),
    );
    expect(rocAuc(scores, labels)).toBeCloseTo(wins / pairs, 12);
  });
});
