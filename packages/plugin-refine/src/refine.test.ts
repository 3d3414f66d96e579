import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brainMask } from '@hemocam/plugin-resnet-lstm';
import * as tf from '@tensorflow/tfjs';
import { loadModels, selectBackend, tensorContainer } from '@hemocam/tensor';
import { CaseStore, createStage, volumeLike, type ServiceOptions, type StageClass, type Volume } from '@hemocam/core';
import { synthCase } from '@hemocam/phantom';
import { beforeAll, describe, expect, it } from 'vitest';
import plugin, { IGNORE_LABEL, lightUnetConfigSchema, predictProbabilities } from './index.js';
import { unetBox } from './unet/unetBox.js';

const UNET = { inputSize: 32, filters: 4, epochs: 2, batchSize: 8, valFraction: 0.25, labels: 'pseudoLabel' };
/**
 * Trained long enough (seconds at 32²) that its masks must find the bleed of a case it learnt,
 * and without validation cases, so that the last epoch is the one kept (on cases this small the
 * validation Dice stays 0 and would keep epoch 1).
 */
const UNET_TRAINED = { ...UNET, filters: 8, epochs: 30, patience: 30, learningRate: 5e-3, valFraction: 0 };

/** A phantom case with every artifact a refinement may need; the CAM and pseudo label stand in for earlier stages. */
function phantomCase(seed: number, positive = true): CaseStore {
  const made = synthCase(seed, { size: 32, slices: 8, positive });
  const label = Float32Array.from(made.label.data);
  return new CaseStore(`c${seed}`, {
    volume: made.image,
    brainMask: brainMask(made.image),
    pseudoMask: volumeLike(made.image, Uint8Array.from(made.label.data)),
    pseudoLabel: volumeLike(made.image, Uint8Array.from(made.label.data)),
    seeds: volumeLike(
      made.image,
      Uint8Array.from(made.label.data, (v, i) => (v && made.image.data[i]! >= 60 ? 1 : 0)),
    ), // the bleed's hyperdense core
    cam: volumeLike(made.image, label),
    sliceProbs: made.sliceLabels.map((l) => (l ? 0.9 : 0.1)),
  });
}

const LightUnet = plugin.stages['light-unet']!;
/** Stages of this file share one state folder, so that light-unet's run finds what its fit learned. */
const sharedRoot = mkdtempSync(join(tmpdir(), 'hemocam-unet-'));
const services = tensorContainer({ stateRoot: sharedRoot, backend: 'wasm' });
/** A light-unet with its own state folder (`stateRoot`) and services. */
const unetIn = (options: ServiceOptions, config: object = UNET) => createStage(LightUnet, config, tensorContainer({ ...options, backend: 'wasm' }), 'segment');
const positive = phantomCase(20);

beforeAll(async () => {
  await selectBackend('wasm');
  const training = [...[20, 12, 13, 15, 16, 17].map((s) => phantomCase(s)), ...[40, 41, 42].map((s) => phantomCase(s, false))];
  await (
    await createStage(LightUnet, UNET_TRAINED, services, 'segment')
  ).fit!(training);
}, 120_000);

async function maskOf(id: string, config: object, item: CaseStore): Promise<Volume> {
  const Stage: StageClass | undefined = plugin.stages[id];
  if (!Stage) throw new Error(`no stage ${id}`);
  const stage = await createStage(Stage, config, services, 'segment');
  await stage.run(item);
  await stage.dispose();
  return item.get('mask');
}

describe.each([
  ['cam-guided', {}],
  ['cam-threshold', {}],
  ['random-walk', {}],
  ['light-unet', UNET_TRAINED],
])('%s', (id, config) => {
  it('gives a binary uint8 mask on the source grid', async () => {
    const mask = await maskOf(id, config, phantomCase(20));
    const volume = positive.get('volume');
    expect(mask.dims).toEqual(volume.dims);
    expect(mask.affine).toEqual(volume.affine);
    expect(mask.data).toBeInstanceOf(Uint8Array);
    expect(mask.data.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('on a positive phantom case, gives a non-empty mask that overlaps the bleed', async () => {
    const made = synthCase(20, { size: 32, slices: 8, positive: true });
    const mask = (await maskOf(id, config, phantomCase(20))).data;
    const truth = Array.from(made.label.data);
    const overlap = Array.from(mask).filter((v, i) => v && truth[i]).length;
    const bleed = truth.filter(Boolean).length;
    expect(bleed).toBeGreaterThan(0);
    expect(overlap, `${overlap} of ${bleed} bleed voxels found`).toBeGreaterThan(0.2 * bleed);
  });

  it('is empty for an empty brain mask, and deterministic', async () => {
    const item = phantomCase(20);
    item.set('brainMask', volumeLike(item.get('volume'), new Uint8Array(item.get('volume').data.length)));
    expect((await maskOf(id, config, item)).data.some(Boolean)).toBe(false);
    expect((await maskOf(id, config, phantomCase(20))).data).toEqual((await maskOf(id, config, phantomCase(20))).data);
  });
});

describe('cam-guided', () => {
  it('keeps the pseudo-mask components the CAM supports, on slices called positive', async () => {
    const dims: [number, number, number] = [10, 10, 4];
    const volume: Volume = {
      data: new Int16Array(400).fill(30),
      dims,
      frames: 1,
      spacing: [1, 1, 1],
      affine: [
        [1, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 1, 0],
        [0, 0, 0, 1],
      ],
      orientation: 'RAS',
    };
    const pseudo = new Uint8Array(400);
    const cam = new Float32Array(400);
    for (const z of [1, 2])
      for (let y = 1; y < 4; y++)
        for (let x = 1; x < 4; x++) {
          pseudo[z * 100 + y * 10 + x] = 1; // A: supported
          cam[z * 100 + y * 10 + x] = 1;
        }
    for (const z of [1, 2]) for (let y = 6; y < 9; y++) for (let x = 6; x < 9; x++) pseudo[z * 100 + y * 10 + x] = 1; // B: no CAM
    const item = (probs: number[]) =>
      new CaseStore('x', { volume, brainMask: volumeLike(volume, new Uint8Array(400).fill(1)), pseudoMask: volumeLike(volume, pseudo), cam: volumeLike(volume, cam), sliceProbs: probs });
    const kept = await maskOf('cam-guided', { minVolumeMm3: 0 }, item([0.9, 0.9, 0.9, 0.9]));
    expect(Array.from(kept.data)).toEqual(Array.from(pseudo, (v, i) => (v && cam[i] ? 1 : 0)));
    const sliceTwoNegative = await maskOf('cam-guided', { minVolumeMm3: 0 }, item([0.9, 0.9, 0.1, 0.9]));
    expect(sliceTwoNegative.data.slice(200, 300).some(Boolean)).toBe(false);
    expect(sliceTwoNegative.data.slice(100, 200).some(Boolean)).toBe(true);
    // With sliceSource: labels, a case's own slice labels win over the classifier; without labels, sliceProbs stand.
    const labelled = (probs: number[], slices?: number[]) => new CaseStore('x', Object.fromEntries(item(probs).values), slices && { slices });
    const byLabels = await maskOf('cam-guided', { minVolumeMm3: 0, sliceSource: 'labels' }, labelled([0.9, 0.9, 0.9, 0.9], [0, 1, 0, 0]));
    expect(byLabels.data.slice(100, 200).some(Boolean)).toBe(true);
    expect(byLabels.data.slice(200, 300).some(Boolean)).toBe(false);
    const noLabels = await maskOf('cam-guided', { minVolumeMm3: 0, sliceSource: 'labels' }, labelled([0.9, 0.9, 0.9, 0.9]));
    expect(noLabels.data.slice(200, 300).some(Boolean)).toBe(true);
  });
});

describe('random-walk', () => {
  /** 12×12×3, brain everywhere at 30 HU; a 5×5 bleed at 65 HU on slices 0 and 1 with a 47 HU rim on slice 0; its central 3×3 on slice 0 the seeds. */
  function bleedCase(slices?: number[]): CaseStore {
    const volume: Volume = { ...phantomCase(20).get('volume'), data: new Int16Array(432).fill(30), dims: [12, 12, 3], spacing: [1, 1, 1] };
    const seeds = new Uint8Array(432);
    for (const z of [0, 1])
      for (let y = 2; y <= 8; y++)
        for (let x = 2; x <= 8; x++) {
          const inner = x >= 3 && x <= 7 && y >= 3 && y <= 7;
          if (inner || z === 0) volume.data[z * 144 + y * 12 + x] = inner ? 65 : 47;
        }
    for (let y = 4; y <= 6; y++) for (let x = 4; x <= 6; x++) seeds[y * 12 + x] = 1;
    return new CaseStore('rw', { volume, brainMask: volumeLike(volume, new Uint8Array(432).fill(1)), seeds: volumeLike(volume, seeds) }, slices && { slices });
  }
  const bleed = (z: number) => (i: number) => {
    const x = i % 12,
      y = Math.floor(i / 12) % 12;
    return Math.floor(i / 144) === z && x >= 3 && x <= 7 && y >= 3 && y <= 7;
  };
  const inside = (i: number) => bleed(0)(i) || bleed(1)(i);

  it('grows the seed to the HU edge of the bleed, across slices, and only onto positive slices with slices: labels', async () => {
    const grown = await maskOf('random-walk', { minVolumeMm3: 0, radius: 6, sigma: 5 }, bleedCase());
    expect(Array.from(grown.data)).toEqual(Array.from(grown.data, (_, i) => (inside(i) ? 1 : 0)));
    const labelled = await maskOf('random-walk', { minVolumeMm3: 0, radius: 6, sigma: 5, slices: 'labels' }, bleedCase([1, 0, 0]));
    // Slice 1 is labelled negative: the walk leaves it at 0 (and its voxels, background, pull slice 0's border towards 0).
    expect(labelled.data.subarray(144).some(Boolean)).toBe(false);
    expect(Array.from(labelled.data.subarray(0, 144)).every((v, i) => (v ? bleed(0)(i) : true))).toBe(true);
    expect(Array.from(labelled.data.subarray(0, 144)).filter(Boolean).length).toBeGreaterThanOrEqual(9); // the seeds stay
  });

  it('with confidence 0.9, marks the rim half-way in HU ignore (only as pseudo labels); the bleed stays 1, the brain around 0', async () => {
    const stage = await createStage(plugin.stages['random-walk']!, { minVolumeMm3: 0, radius: 6, sigma: 5, confidence: 0.9, output: 'pseudoLabel' }, services, 'rw');
    const item = bleedCase();
    await stage.run(item);
    const label = item.get('pseudoLabel').data;
    const rim = (i: number) => i < 144 && i % 12 >= 2 && i % 12 <= 8 && Math.floor(i / 12) >= 2 && Math.floor(i / 12) <= 8 && !bleed(0)(i);
    expect(Array.from(label)).toEqual(Array.from(label, (_, i) => (inside(i) ? 1 : rim(i) ? IGNORE_LABEL : 0)));
    await expect(createStage(plugin.stages['random-walk']!, { confidence: 0.6 }, services, 'rw')).rejects.toThrow(/confidence.*output: pseudoLabel/);
  });
});

describe('light-unet', () => {
  it('resumed after an interruption, ends with the same weights as an uninterrupted run', async () => {
    const training = [20, 12, 13, 15].map((s) => phantomCase(s));
    const controller = new AbortController();
    const stateRoot = mkdtempSync(join(tmpdir(), 'hemocam-unet-'));
    const straightRoot = mkdtempSync(join(tmpdir(), 'hemocam-unet-'));
    const progress = {
      start: (label: string) => {
        if (label.includes('epoch 2')) controller.abort(); // after epoch 1's checkpoint
        return { tick: () => undefined, done: () => undefined };
      },
    };
    await expect((await unetIn({ stateRoot, signal: controller.signal, progress })).fit!(training)).rejects.toThrow(/interrupted/);
    await (
      await unetIn({ stateRoot, resume: true })
    ).fit!(training);
    await (
      await unetIn({ stateRoot: straightRoot })
    ).fit!(training);
    const weights = (root: string) => readFileSync(join(root, 'stages', 'segment', 'model', 'unet', 'weights.bin'));
    expect(weights(stateRoot).equals(weights(straightRoot))).toBe(true);
  });

  it('has a slice head (the default) that learns the slice labels: high on the bleed slices of a learnt case, low on learnt negatives', async () => {
    const { unet } = await loadModels(tf, join(sharedRoot, 'stages', 'segment', 'model'), ['unet'] as const);
    const config = lightUnetConfigSchema.parse(UNET_TRAINED);
    const sliceProbs = (seed: number, positive: boolean) => {
      const { image } = synthCase(seed, { size: 32, slices: 8, positive });
      return Array.from(predictProbabilities(tf, unet, image, config, unetBox(brainMask(image).data, image, config)).slices ?? []);
    };
    const made = synthCase(20, { size: 32, slices: 8, positive: true });
    const probs = sliceProbs(20, true);
    expect(probs).toHaveLength(8);
    probs.forEach((p, z) => expect(p >= 0.5, `c20 slice ${z}: label ${made.sliceLabels[z]}, slice head ${p.toFixed(2)}`).toBe(made.sliceLabels[z] === 1));
    for (const seed of [40, 41, 42]) expect(Math.max(...sliceProbs(seed, false)), `negative c${seed}`).toBeLessThan(0.5);
    unet.dispose();
  });

  it('with rounds: 1, relabels the training cases with its confident predictions, trains a fresh model on them and keeps that one', async () => {
    const stateRoot = mkdtempSync(join(tmpdir(), 'hemocam-unet-'));
    const said: string[] = [];
    const logger = { info: (m: string) => said.push(m), warn: () => undefined, debug: () => undefined };
    await (
      await unetIn({ stateRoot, logger }, { ...UNET, rounds: 1 })
    ).fit!([20, 12, 13, 15].map((s) => phantomCase(s)));
    expect(said.join('\n')).toMatch(/round 1: relabelled the training cases .*% of voxels positive/);
    expect(said.join('\n')).toMatch(/round 1 best validation Dice vs pseudoLabel \d/);
    const weights = (dir: string) => readFileSync(join(stateRoot, 'stages', 'segment', dir, 'unet', 'weights.bin'));
    expect(weights('model').equals(weights('rounds/1/model'))).toBe(true);
  });

  it('says which artifact a training case lacks', async () => {
    const item = phantomCase(20);
    item.values.delete('pseudoLabel');
    await expect((await unetIn({ stateRoot: mkdtempSync(join(tmpdir(), 'hemocam-unet-')) })).fit!([item])).rejects.toThrow(/has no 'pseudoLabel' artifact.*cam-guided with output: pseudoLabel/);
  });
});
