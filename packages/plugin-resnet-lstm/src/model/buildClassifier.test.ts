import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { resnetLstmConfigSchema } from '../config.js';
import { useWasm } from '../../test/testSupport.js';
import { windowIndices } from '../preprocess/windowIndices.js';
import { buildClassifier, describeClassifier, FEATURE_LAYER } from './buildClassifier.js';
import { forwardWindows, predictSlices } from './forwardWindows.js';

describe('buildClassifier', () => {
  it.each([10, 18, 34] as const)('ResNet-%i: encoder features, LSTM head and aux head have the documented shapes', async (depth) => {
    await useWasm();
    const config = resnetLstmConfigSchema.parse({ depth, width: 0.125, slices: 3, inputSize: 32, lstmUnits: 4 });
    const before = tf.memory().numTensors;
    const model = buildClassifier(tf, config, 1);
    expect(model.encoder.getLayer(FEATURE_LAYER).outputShape).toEqual([null, 2, 2, 64]); // 32 px: stride-1 stem, pool, three stride-2 stages;
    const out = tf.tidy(() => {
      const { logits, auxLogits } = forwardWindows(tf, model, tf.zeros<tf.Rank.R5>([2, 3, 32, 32, 3]), false);
      return [logits.shape, auxLogits.shape];
    });
    expect(out).toEqual([
      [2, 3],
      [2, 3],
    ]);
    const probs = tf.tidy(() => predictSlices(tf, model, tf.randomUniform<tf.Rank.R4>([5, 32, 32, 3], 0, 1, 'float32', 3), 3));
    expect(probs).toHaveLength(5);
    probs.forEach((p) => expect(p > 0 && p < 1).toBe(true));
    const summary = describeClassifier(model);
    expect(summary.params).toBeGreaterThan(1000);
    expect(summary.encoderFlopsPerSlice).toBeGreaterThan(0);
    for (const part of [model.encoder, model.head, model.aux]) part.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is reproducible under a seed', async () => {
    await useWasm();
    const config = resnetLstmConfigSchema.parse({ depth: 10, width: 0.125, slices: 3, inputSize: 32, lstmUnits: 4 });
    const weights = (seed: number) => {
      const m = buildClassifier(tf, config, seed);
      const values = [m.encoder, m.head, m.aux].flatMap((p) => p.getWeights().map((w) => Array.from(w.dataSync())));
      for (const p of [m.encoder, m.head, m.aux]) p.dispose();
      return values;
    };
    expect(weights(4)).toEqual(weights(4));
    expect(weights(4)).not.toEqual(weights(5));
  });
});

describe('windowIndices', () => {
  it('centres windows and repeats the end slices at the edges', () => {
    expect(windowIndices(0, 5, 8)).toEqual([0, 0, 0, 1, 2]);
    expect(windowIndices(4, 5, 8)).toEqual([2, 3, 4, 5, 6]);
    expect(windowIndices(7, 3, 8)).toEqual([6, 7, 7]);
    expect(windowIndices(0, 1, 1)).toEqual([0]);
  });
});

describe('resnetLstmConfigSchema', () => {
  it('fills defaults and refuses even windows', () => {
    const config = resnetLstmConfigSchema.parse({});
    expect(config).toMatchObject({
      depth: 18,
      slices: 5,
      inputSize: 256,
      windows: [
        { center: 40, width: 80 },
        { center: 80, width: 200 },
        { center: 40, width: 380 },
      ],
    });
    expect(resnetLstmConfigSchema.safeParse({ slices: 4 }).success).toBe(false);
    expect(resnetLstmConfigSchema.safeParse({ slices: 1 }).success).toBe(false);
    expect(resnetLstmConfigSchema.safeParse({ depth: 50 }).success).toBe(false);
  });
});
