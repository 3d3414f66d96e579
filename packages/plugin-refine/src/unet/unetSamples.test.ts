import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseStore, volumeLike, type Volume } from '@hemocam/core';
import { selectBackend } from '@hemocam/tensor';
import { IGNORE_LABEL } from '../ignoreLabel.js';
import { lightUnetConfigSchema } from './lightUnetConfig.js';
import { unetSamples } from './unetSamples.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('unetSamples', () => {
  it('takes pseudo-label voxels of IGNORE_LABEL as ignored (−1) targets, and leaves them out of the labels validation compares with', () => {
    const volume: Volume = {
      data: new Int16Array(16 * 16 * 2).fill(40),
      dims: [16, 16, 2],
      frames: 1,
      spacing: [1, 1, 5],
      affine: [
        [1, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 5, 0],
        [0, 0, 0, 1],
      ],
      orientation: 'RAS',
    };
    const label = new Uint8Array(512);
    for (let y = 4; y < 8; y++) for (let x = 4; x < 8; x++) label[y * 16 + x] = 1;
    for (let y = 10; y < 14; y++) for (let x = 10; x < 14; x++) label[y * 16 + x] = IGNORE_LABEL;
    const item = new CaseStore('a', { volume, brainMask: volumeLike(volume, new Uint8Array(512).fill(1)), pseudoLabel: volumeLike(volume, label) }, { slices: [1, 0] });
    const config = lightUnetConfigSchema.parse({ inputSize: 16, crop: 'none' });
    const [sample] = unetSamples(tf, [item], config);
    expect(Array.from(sample!.target)).toEqual(Array.from(label, (v) => (v === IGNORE_LABEL ? -1 : v)));
    expect(Array.from(sample!.label)).toEqual(Array.from(label, (v) => (v === 1 ? 1 : 0)));
    expect(sample!.labelled).toEqual([0]);
  });
});
