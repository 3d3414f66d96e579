import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@hemocam/tensor';
import { segmentationLoss } from './segmentationLoss.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

const shape: [number, number, number, number] = [2, 4, 4, 1];
const loss = (targets: number[], weights?: number[]) =>
  tf.tidy(() => {
    const logits = tf.tensor4d(
      Array.from({ length: 32 }, (_, i) => Math.sin(i)),
      shape,
    );
    return segmentationLoss(tf, logits, tf.tensor4d(targets, shape), 1, weights && tf.tensor4d(weights, [2, 1, 1, 1])).dataSync()[0]!;
  });

describe('segmentationLoss', () => {
  const a = Array.from({ length: 32 }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const bInSecondSlice = a.map((v, i) => (i >= 16 ? 1 - v : v));

  it('leaves a slice of weight 0 out: its targets do not change the loss', () => {
    expect(loss(bInSecondSlice, [1, 0])).toBeCloseTo(loss(a, [1, 0]), 6);
    expect(loss(bInSecondSlice, [1, 1])).not.toBeCloseTo(loss(a, [1, 1]), 3);
  });

  it('with every weight 1 equals the unweighted loss, and with every weight 0 is 0, not NaN', () => {
    expect(loss(a, [1, 1])).toBeCloseTo(loss(a), 6);
    expect(loss(a, [0, 0])).toBe(0);
  });
});
