import { describe, expect, it } from 'vitest';
import { createRng } from './createRng.js';

describe('createRng', () => {
  it('is reproducible per seed and stream, and uniform on [0, 1)', () => {
    const draw = (seed: number, stream: string) => Array.from({ length: 5 }, createRng(seed, stream));
    expect(draw(1, 'cam')).toEqual(draw(1, 'cam'));
    expect(draw(1, 'cam')).not.toEqual(draw(1, 'refine'));
    expect(draw(1, 'cam')).not.toEqual(draw(2, 'cam'));
    const rng = createRng(42);
    const values = Array.from({ length: 20000 }, rng);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((a, b) => a + b, 0) / values.length).toBeCloseTo(0.5, 2);
  });
});
