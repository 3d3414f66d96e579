import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/selectBackend.js';
import { toInputGrid } from './toInputGrid.js';
import { toVolumeGrid } from './toVolumeGrid.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

const [nx, ny] = [12, 9];
/** Two slices of a smooth (linear) field, so bilinear resampling reproduces it exactly. */
const field = (x: number, y: number, z: number) => 2 * x - y + 10 * z + 5;
const slices = () =>
  tf.tensor4d(
    Array.from({ length: 2 * nx * ny }, (_, i) => field(i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny)))),
    [2, ny, nx, 1],
  );

describe('toInputGrid and toVolumeGrid', () => {
  it('a box the size of the input is read pixel for pixel, 0 past the image, and put back in place', () => {
    const box = { x0: 4, y0: -2, side: 6 };
    const input = toInputGrid(tf, slices(), 6, box);
    const values = input.arraySync();
    expect(values[1]![0]![0]![0]).toBe(0); // row −2: past the image
    expect(values[1]![2]![0]![0]).toBeCloseTo(field(4, 0, 1), 4);
    expect(values[0]![5]![5]![0]).toBeCloseTo(field(9, 3, 0), 4);
    const back = toVolumeGrid(tf, input, nx, ny, box).arraySync();
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const inside = x >= 4 && x < 10 && y < 4;
        expect(back[1]![y]![x]![0], `(${x}, ${y})`).toBeCloseTo(inside ? field(x, y, 1) : 0, 4);
      }
  });

  it('resampled to another size, a linear field comes back the same inside the box', () => {
    const box = { x0: 1, y0: 1, side: 8 };
    const back = toVolumeGrid(tf, toInputGrid(tf, slices(), 5, box), nx, ny, box).arraySync();
    for (let y = 1; y < 9; y++) for (let x = 1; x < 9; x++) expect(back[0]![y]![x]![0]).toBeCloseTo(field(x, y, 0), 3);
    expect(back[0]![0]![0]![0]).toBe(0);
  });

  it('without a box, resizes the whole slice both ways', () => {
    const back = toVolumeGrid(tf, toInputGrid(tf, slices(), 7), nx, ny).arraySync();
    expect(back[1]![ny - 1]![nx - 1]![0]).toBeCloseTo(field(nx - 1, ny - 1, 1), 3);
    expect(back[0]![4]![6]![0]).toBeCloseTo(field(6, 4, 0), 3);
  });
});
