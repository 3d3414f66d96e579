import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ResNetLstmStage } from './ResNetLstmStage.js';
import { loadClassifier } from './train/classifierStore.js';
import { TINY, testContext, tinyCases } from '../test/testSupport.js';

const weightsOf = async (dir: string) => {
  const model = await loadClassifier(tf, dir);
  const values = [model.encoder, model.head, model.aux].flatMap((p) => p.getWeights().map((w) => Array.from(w.dataSync())));
  for (const p of [model.encoder, model.head, model.aux]) p.dispose();
  return values;
};

describe('ResNetLstmStage', () => {
  it('trains on slice labels, saves model, checkpoint and history, predicts sliceProbs, leaks nothing', async () => {
    const ctx = await testContext();
    const cases = tinyCases(6);
    const before = tf.memory().numTensors;
    const stage = new ResNetLstmStage(TINY, ctx);
    await stage.fit(cases, ctx);
    for (const f of ['model/encoder/model.json', 'model/head/weights.bin', 'checkpoint/trainer.json', 'checkpoint/optimizer.bin', 'history.json', 'history.png'])
      expect(existsSync(join(ctx.stateDir, f)), f).toBe(true);
    const history = JSON.parse(readFileSync(join(ctx.stateDir, 'history.json'), 'utf8')) as { epoch: number; loss: number }[];
    expect(history.map((h) => h.epoch)).toEqual([1, 2]);
    expect(history.every((h) => Number.isFinite(h.loss))).toBe(true);
    for (const item of cases.slice(0, 2)) await stage.run(item, ctx);
    const probs = cases[0]!.artifacts.get('sliceProbs') as number[];
    expect(probs).toHaveLength(8);
    probs.forEach((p) => expect(p >= 0 && p <= 1).toBe(true));
    await stage.dispose();
    expect(tf.memory().numTensors).toBe(before);

    // Slice-parallel inference (this thread + a worker) gives what one thread gives.
    const single = new ResNetLstmStage({ ...TINY, workers: 1 }, ctx);
    const parallel = new ResNetLstmStage({ ...TINY, workers: 2 }, ctx);
    const one = cases[1]!;
    await single.run(one, ctx);
    const expected = one.artifacts.get('sliceProbs') as number[];
    await parallel.run(one, ctx);
    (one.artifacts.get('sliceProbs') as number[]).forEach((p, z) => expect(p).toBeCloseTo(expected[z]!, 5));
    await single.dispose();
    await parallel.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resumed after an interruption, ends with the same weights as an uninterrupted run', async () => {
    const cases = tinyCases(6);
    const straight = await testContext();
    await new ResNetLstmStage(TINY, straight).fit(cases, straight);

    const controller = new AbortController();
    const interrupted = await testContext({ signal: controller.signal });
    let epochs = 0;
    const progress = {
      start: (label: string) => {
        if (label.startsWith('epoch 2')) controller.abort(); // stop early in epoch 2, after epoch 1's checkpoint
        epochs++;
        return { tick: () => undefined, done: () => undefined };
      },
    };
    await expect(new ResNetLstmStage(TINY, interrupted).fit(cases, { ...interrupted, progress })).rejects.toThrow(/interrupted/);
    expect(epochs).toBe(2);
    const resumed = { ...interrupted, signal: new AbortController().signal, resume: true };
    await new ResNetLstmStage(TINY, resumed).fit(cases, resumed);
    expect(await weightsOf(join(resumed.stateDir, 'model'))).toEqual(await weightsOf(join(straight.stateDir, 'model')));
  });
});
