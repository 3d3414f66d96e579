import { describe, expect, it } from 'vitest';
import type { CaseMaskScore } from '@hemocam/io';
import { worstFirst } from './worstFirst.js';

const score = (id: string, referenceVoxels: number, predictedVoxels: number, dice: number) => ({ id, referenceVoxels, predictedVoxels, dice }) as CaseMaskScore;

describe('worstFirst', () => {
  it('puts cases with bleed first by Dice ascending, then false-positive negatives, then clean negatives', () => {
    const ordered = worstFirst([
      score('clean', 0, 0, 1),
      score('good', 50, 48, 0.9),
      score('fp-small', 0, 3, 0),
      score('missed', 10, 0, 0),
      score('fp-large', 0, 40, 0),
      score('missed-big', 90, 0, 0),
      score('half', 20, 30, 0.5),
    ]);
    expect(ordered.map((c) => c.id)).toEqual(['missed-big', 'missed', 'half', 'good', 'fp-large', 'fp-small', 'clean']);
  });
});
