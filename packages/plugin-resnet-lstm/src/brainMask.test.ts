import { describe, expect, it } from 'vitest';
import type { Volume } from '@hemocam/core';
import { brainMask } from './brainMask.js';

describe('brainMask', () => {
  it('brainMask keeps the soft tissue inside a skull and drops air and bone', () => {
    const data = new Float32Array(16 * 16 * 2);
    const v: Volume = {
      data,
      dims: [16, 16, 2],
      frames: 1,
      spacing: [0.45, 0.45, 5],
      affine: [
        [-0.45, 0, 0, 0],
        [0, 0.45, 0, 0],
        [0, 0, 5, 0],
        [0, 0, 0, 1],
      ],
      orientation: 'LAS',
    };
    for (let z = 0; z < 2; z++)
      for (let y = 0; y < 16; y++)
        for (let x = 0; x < 16; x++) {
          const r = Math.hypot(x - 7.5, y - 7.5);
          const i = x + 16 * (y + 16 * z);
          data[i] = r > 7 ? -1000 : r > 5.5 ? 1200 : 30;
        }
    const mask = brainMask({ ...v, data });
    mask.data.forEach((m, i) => expect(m).toBe(data[i] === 30 ? 1 : 0));
  });
});
