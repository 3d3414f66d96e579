import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@hemocam/tensor';
import { lightUnetConfigSchema } from './lightUnetConfig.js';
import { relabelSamples } from './relabelSamples.js';
import type { UnetSample } from './unetSamples.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

/** A stand-in for the U-Net: logit = 10 × (first channel − 0.5), per pixel. */
function linearModel(size: number): tf.LayersModel {
  const input = tf.input({ shape: [size, size, 1] });
  const conv = tf.layers.conv2d({ filters: 1, kernelSize: 1, weights: [tf.tensor4d([10], [1, 1, 1, 1]), tf.tensor1d([-5])] });
  return tf.model({ inputs: input, outputs: conv.apply(input) as tf.SymbolicTensor });
}

describe('relabelSamples', () => {
  it('turns confident predictions into labels, ignores the uncertain ones, keeps slices labelled negative at 0', () => {
    const config = lightUnetConfigSchema.parse({ inputSize: 16, windows: [{ center: 40, width: 80 }], confidence: 0.8 });
    const plane = 256;
    // Slice 0: three columns at 1 (confident bleed), the fourth at 0.5 (uncertain), the rest 0; slice 1 the same, but labelled negative; slice 2: all 0, labelled positive.
    const input = new Float32Array(3 * plane);
    for (let z = 0; z < 2; z++) for (let i = 0; i < plane; i++) input[z * plane + i] = i % 16 < 3 ? 1 : i % 16 === 3 ? 0.5 : 0;
    const sample = {
      id: 'a',
      input: { data: input, slices: 3, size: 16, channels: 1 },
      target: new Float32Array(3 * plane),
      labelled: [],
      empty: [],
      sliceTarget: Uint8Array.from([1, 0, 1]),
      voxelWeight: new Uint8Array(3),
    } as unknown as UnetSample;
    const share = relabelSamples(tf, linearModel(16), [sample], config);
    const row = (z: number) => Array.from(sample.target.subarray(z * plane, z * plane + 16));
    expect(row(0)).toEqual([1, 1, 1, -1, ...new Array<number>(12).fill(0)]);
    expect(row(1)).toEqual(new Array<number>(16).fill(0));
    expect(row(2)).toEqual(new Array<number>(16).fill(0));
    expect(share).toBeCloseTo((3 * 16) / (3 * plane), 6);
    // Slice 2 is positive by its label but nothing is confident there: drawn for the slice head, left out of the voxel loss.
    expect(sample.labelled).toEqual([0, 2]);
    expect(sample.empty).toEqual([1]);
    expect(Array.from(sample.voxelWeight)).toEqual([1, 1, 0]);
  });
});
