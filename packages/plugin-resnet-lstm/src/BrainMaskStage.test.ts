import { describe, expect, it } from 'vitest';
import { CaseStore } from '@hemocam/core';
import { synthCase } from '@hemocam/phantom';
import { BrainMaskStage } from './BrainMaskStage.js';

describe('BrainMaskStage on the phantom', () => {
  it('covers the hemorrhages and excludes air and bone', async () => {
    const stage = new BrainMaskStage(BrainMaskStage.configSchema.parse({}));
    let blood = 0;
    let covered = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const made = synthCase(seed, { size: 128, slices: 16, positive: true });
      const item = new CaseStore(`c${seed}`, { volume: made.image });
      await stage.run(item);
      const mask = item.get('brainMask');
      expect(mask.dims).toEqual(made.image.dims);
      made.image.data.forEach((hu, i) => {
        if (hu < -100 || hu > 300) expect(mask.data[i]).toBe(0);
        if (made.label.data[i]) {
          blood++;
          covered += mask.data[i]!;
        }
      });
    }
    expect(covered / blood).toBeGreaterThan(0.9);
  });
});
