import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CIN, H, W, lcg, tinyModel, tinyModel3d, tinyWeights } from '../test/tinyModels.js';
import { CAM_METHODS } from './camMethods.js';
import { computeCam } from './computeCam.js';
import { layersModelSubject } from './layersModelSubject.js';
import { scoreTarget } from './scoreTarget.js';
import { upsampleMaps } from './upsampleMaps.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const r = lcg(5);
const input2d = () =>
  tf.tensor4d(
    Array.from({ length: 2 * H * W * CIN }, () => r() * 2),
    [2, H, W, CIN],
  );
const inRange = (maps: Float32Array) => maps.every((v) => Number.isFinite(v) && v >= 0 && v <= 1);

describe.each(Object.keys(CAM_METHODS))('%s', (method) => {
  const model = tinyModel(tinyWeights(7), 'linear');
  const subject = layersModelSubject(model);

  it('gives [N, H, W] maps in [0, 1] on 2-D feature maps, for both signs of a binary logit', () => {
    const x = input2d();
    for (const spec of ['positive', 'negative'] as const) {
      const { maps, shape } = computeCam(tf, method, subject, x, { target: scoreTarget(spec) });
      expect(shape).toEqual([2, H, W]);
      expect(inRange(maps)).toBe(true);
      expect(Math.max(...maps)).toBeGreaterThan(0);
    }
  });

  it('gives [N, D, H, W] maps on 3-D feature maps', () => {
    const model3d = tinyModel3d(3);
    const x = tf.randomUniform([2, 4, 5, 6, 1], 0, 1, 'float32', 9);
    const { maps, shape } = computeCam(tf, method, layersModelSubject(model3d), x);
    expect(shape).toEqual([2, 4, 5, 6]);
    expect(inRange(maps)).toBe(true);
  });

  it('gives no NaN on all-zero gradients or constant activations', () => {
    const weights = tinyWeights(7);
    const flat = tinyModel({ ...weights, w: [0, 0, 0], e: 0 }, 'linear'); // head ignores the features: zero gradients
    expect(inRange(computeCam(tf, method, layersModelSubject(flat), input2d()).maps)).toBe(true);
    const zeros = tf.zeros([2, H, W, CIN]); // activations = ReLU(bias), the same everywhere
    expect(inRange(computeCam(tf, method, subject, zeros).maps)).toBe(true);
  });

  it('is deterministic and leaks no tensor over 20 calls', () => {
    const x = input2d();
    const first = computeCam(tf, method, subject, x).maps;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) expect(computeCam(tf, method, subject, x).maps).toEqual(first);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('computeCam', () => {
  it('refuses an unknown method, an unknown layer, and cam without a linear head', () => {
    const subject = layersModelSubject(tinyModel(tinyWeights(1), 'nonlinear'));
    expect(() => computeCam(tf, 'gradcam', subject, input2d())).toThrow(/unknown CAM method 'gradcam'.*grad-cam/);
    expect(() => computeCam(tf, 'grad-cam', subject, input2d(), { layer: 'nope' })).toThrow(/no layer 'nope' to take maps at; layers: mix, features/);
    expect(() => computeCam(tf, 'cam', subject, input2d(), { layer: 'features' })).toThrow(/needs a linear head/);
  });

  it('upsamples a strided layer to the input grid; 3-D interpolation matches 2-D bilinear per slice', () => {
    const maps = tf.randomUniform([1, 3, 4, 5], 0, 1, 'float32', 2);
    const up3 = upsampleMaps(tf, maps, [3, 8, 10]); // depth unchanged: bilinear in each slice
    const up2 = upsampleMaps(tf, tf.reshape(maps, [3, 4, 5]), [8, 10]);
    const a = up3.dataSync(),
      b = up2.dataSync();
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 5));
  });

  it('picks class scores with a one-hot product and checks the class index', () => {
    const logits = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(Array.from(scoreTarget(2)(tf, logits).dataSync())).toEqual([3, 6]);
    expect(() => scoreTarget(3)(tf, logits)).toThrow(/outside/);
    expect(() => scoreTarget('positive')(tf, logits)).toThrow(/class index/);
  });
});
