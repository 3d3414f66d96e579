import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TINY, tinyCases, useWasm } from '../../test/testSupport.js';
import { squareBox } from '@hemocam/imaging';
import { brainMask } from '../brainMask.js';
import { buildClassifier } from './buildClassifier.js';
import { classifierCamSubject } from './classifierCamSubject.js';
import { predictSlices } from './forwardWindows.js';

beforeAll(async () => {
  await useWasm();
});

describe('classifierCamSubject', () => {
  it('scores each slice as predictSlices does, and only slice t carries gradient into its own logit', () => {
    const model = buildClassifier(tf, TINY, 4);
    const subject = classifierCamSubject(tf, model, TINY);
    const volume = tinyCases(1)[0]!.get('volume');
    const input = subject.input(volume);
    const n = input.shape[0];
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const acts = subject.activations(input, 'features');
      const probs = tf.sigmoid(subject.scores(acts, 'features')).dataSync();
      const expected = predictSlices(tf, model, input as tf.Tensor4D, TINY.slices);
      Array.from(expected).forEach((p, t) => expect(probs[t]).toBeCloseTo(p, 5));
      const t = 3;
      const grad = tf.grad((a: tf.Tensor) => tf.sum(tf.slice(subject.scores(a, 'features'), [t, 0], [1, 1])))(acts);
      const perSlice = tf.sum(tf.abs(grad), [1, 2, 3]).dataSync();
      for (let s = 0; s < n; s++) {
        if (s === t) expect(perSlice[s]).toBeGreaterThan(0);
        else expect(perSlice[s]).toBe(0);
      }
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(subject.layers[0]).toBe('features');
    expect(subject.layers.slice(0, 5)).toEqual(['features', 'stage3', 'stage2', 'stage1', 'stage4']);
    expect(subject.layers).toContain('s3b1_out');
    const viaAlias = tf.tidy(() => subject.activations(input, 'stage3').shape);
    expect(viaAlias).toEqual(tf.tidy(() => subject.activations(input, 's3b1_out').shape));
    const back = subject.toVolumeGrid(new Float32Array(n * TINY.inputSize ** 2).fill(0.5), volume);
    expect(back.length).toBe(volume.data.length);
    // The classifier sees the brain box (crop: brain): a uniform map comes back inside it, 0 outside.
    const box = squareBox(brainMask(volume).data, volume.dims, volume.spacing, TINY.cropMarginMm)!;
    const [nx, ny] = volume.dims;
    expect(box.side).toBeLessThan(nx);
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const inside = x >= box.x0 && x < box.x0 + box.side && y >= box.y0 && y < box.y0 + box.side;
        expect(back[y * nx + x], `(${x}, ${y})`).toBeCloseTo(inside ? 0.5 : 0, 5);
      }
    input.dispose();
    subject.dispose();
  });
});
