import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadClassifier } from './train/classifierStore.js';
import { TINY, classifierStage, tinyCases } from '../test/testSupport.js';

const weightsOf = async (dir: string) => {
  const model = await loadClassifier(tf, dir);
  const values = [model.encoder, model.head, model.aux].flatMap((p) => p.getWeights().map((w) => Array.from(w.dataSync())));
  for (const p of [model.encoder, model.head, model.aux]) p.dispose();
  return values;
};

describe('ResNetLstmStage', () => {
  it('trains on slice labels, saves model, checkpoint and history, predicts sliceProbs, leaks nothing', async () => {
    const cases = tinyCases(6);
    const { stage, stateDir } = await classifierStage(TINY);
    const before = tf.memory().numTensors;
    await stage.fit!(cases);
    for (const f of ['model/encoder/model.json', 'model/head/weights.bin', 'checkpoint/trainer.json', 'checkpoint/optimizer.bin', 'history.json']) expect(existsSync(join(stateDir, f)), f).toBe(true);
    const history = JSON.parse(readFileSync(join(stateDir, 'history.json'), 'utf8')) as { epoch: number; loss: number }[];
    expect(history.map((h) => h.epoch)).toEqual([1, 2]);
    expect(history.every((h) => Number.isFinite(h.loss))).toBe(true);
    for (const item of cases.slice(0, 2)) await stage.run(item);
    const probs = cases[0]!.get('sliceProbs');
    expect(probs).toHaveLength(8);
    probs.forEach((p) => expect(p >= 0 && p <= 1).toBe(true));
    await stage.dispose();
    expect(tf.memory().numTensors).toBe(before);

    // Slice-parallel inference (this thread + a worker) gives what one thread gives.
    const stateRoot = join(stateDir, '..', '..');
    const single = (await classifierStage({ ...TINY, workers: 1 }, { stateRoot })).stage;
    const parallel = (await classifierStage({ ...TINY, workers: 2 }, { stateRoot })).stage;
    const one = cases[1]!;
    await single.run(one);
    const expected = one.get('sliceProbs');
    await parallel.run(one);
    one.get('sliceProbs').forEach((p, z) => expect(p).toBeCloseTo(expected[z]!, 5));
    await single.dispose();
    await parallel.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resumed after an interruption, ends with the same weights as an uninterrupted run', async () => {
    const cases = tinyCases(6);
    const straight = await classifierStage(TINY);
    await straight.stage.fit!(cases);

    const controller = new AbortController();
    let epochs = 0;
    const progress = {
      start: (label: string) => {
        if (label.includes('epoch 2')) controller.abort(); // stop early in epoch 2, after epoch 1's checkpoint
        epochs++;
        return { tick: () => undefined, done: () => undefined };
      },
    };
    const interrupted = await classifierStage(TINY, { signal: controller.signal, progress });
    await expect(interrupted.stage.fit!(cases)).rejects.toThrow(/interrupted/);
    expect(epochs).toBe(2);
    const resumed = await classifierStage(TINY, { stateRoot: join(interrupted.stateDir, '..', '..'), resume: true });
    await resumed.stage.fit!(cases);
    expect(resumed.stateDir).toBe(interrupted.stateDir);
    expect(await weightsOf(join(resumed.stateDir, 'model'))).toEqual(await weightsOf(join(straight.stateDir, 'model')));
  });
});
