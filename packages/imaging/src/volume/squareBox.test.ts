import { describe, expect, it } from 'vitest';
import { squareBox } from './squareBox.js';

describe('squareBox', () => {
  it('is the square around the mask, centred on it, grown by the margin in mm', () => {
    const dims: [number, number, number] = [20, 10, 2];
    const mask = new Uint8Array(400);
    for (let x = 4; x <= 11; x++) mask[200 + 3 * 20 + x] = 1; // slice 1, row 3, columns 4–11
    mask[5 * 20 + 6] = 1; // slice 0, row 5
    expect(squareBox(mask, dims, [1, 1, 5], 0)).toEqual({ x0: 4, y0: 0, side: 8 }); // 8 wide, rows 3–5 centred in 8
    expect(squareBox(mask, dims, [0.5, 0.5, 5], 1)).toEqual({ x0: 2, y0: -2, side: 12 }); // 1 mm = 2 voxels each side
  });

  it('is null for an empty mask', () => {
    expect(squareBox(new Uint8Array(8), [2, 2, 2], [1, 1, 1], 5)).toBeNull();
  });
});
