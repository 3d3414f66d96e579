import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { brainMask } from '@hemocam/plugin-resnet-lstm';
import { selectBackend, standaloneContext } from '@hemocam/tensor';
import { volumeLike, type Case, type Stage, type StageClass, type StageContext, type Volume } from '@hemocam/core';
import { synthCase } from '@hemocam/phantom';
import { beforeAll, describe, expect, it } from 'vitest';
import plugin from './index.js';

const UNET = { inputSize: 32, filters: 4, epochs: 2, batchSize: 8, valFraction: 0.25, labels: 'pseudoLabel' };
/** Trained long enough (seconds at 32²) that its masks must find the bleed of a case it learnt. */
const UNET_TRAINED = { ...UNET, filters: 8, epochs: 30, patience: 30, learningRate: 5e-3 };

/** A phantom case with every artifact a refinement may need; the CAM and pseudo label stand in for earlier stages. */
function phantomCase(seed: number, positive = true): Case {
  const made = synthCase(seed, { size: 32, slices: 8, positive });
  const label = Float32Array.from(made.label.data);
  return {
    id: `c${seed}`,
    artifacts: new Map<string, unknown>([
      ['volume', made.image],
      ['brainMask', brainMask(made.image)],
      ['pseudoMask', volumeLike(made.image, Uint8Array.from(made.label.data))],
      ['pseudoLabel', volumeLike(made.image, Uint8Array.from(made.label.data))],
      ['cam', volumeLike(made.image, label)],
      ['sliceProbs', made.sliceLabels.map((l) => (l ? 0.9 : 0.1))],
    ]),
  };
}

const LightUnet = plugin.stages['light-unet']!;
let ctx: StageContext;
const unetDir = mkdtempSync(join(tmpdir(), 'hemocam-unet-'));
const positive = phantomCase(20);

beforeAll(async () => {
  await selectBackend('wasm');
  ctx = standaloneContext(tf, 'wasm', { stateDir: unetDir, stageKey: 'segment' });
  const training = [20, 12, 13, 15, 16, 17].map((s) => phantomCase(s));
  await new LightUnet(LightUnet.configSchema.parse(UNET_TRAINED), ctx).fit!(training, ctx);
}, 120_000);

async function maskOf(id: string, config: object, item: Case): Promise<Volume> {
  const Stage: StageClass | undefined = plugin.stages[id];
  if (!Stage) throw new Error(`no stage ${id}`);
  const stage: Stage = new Stage(Stage.configSchema.parse(config), ctx);
  await stage.run(item, ctx);
  await stage.dispose();
  return item.artifacts.get('mask') as Volume;
}

describe.each([
  ['cam-guided', {}],
  ['cam-threshold', {}],
  ['light-unet', UNET_TRAINED],
])('%s', (id, config) => {
  it('gives a binary uint8 mask on the source grid', async () => {
    const mask = await maskOf(id, config, phantomCase(20));
    const volume = positive.artifacts.get('volume') as Volume;
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
    item.artifacts.set('brainMask', volumeLike(item.artifacts.get('volume') as Volume, new Uint8Array((item.artifacts.get('volume') as Volume).data.length)));
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
    const item = (probs: number[]): Case => ({
      id: 'x',
      artifacts: new Map<string, unknown>([
        ['volume', volume],
        ['brainMask', volumeLike(volume, new Uint8Array(400).fill(1))],
        ['pseudoMask', volumeLike(volume, pseudo)],
        ['cam', volumeLike(volume, cam)],
        ['sliceProbs', probs],
      ]),
    });
    const kept = await maskOf('cam-guided', { minVolumeMm3: 0 }, item([0.9, 0.9, 0.9, 0.9]));
    expect(Array.from(kept.data)).toEqual(Array.from(pseudo, (v, i) => (v && cam[i] ? 1 : 0)));
    const sliceTwoNegative = await maskOf('cam-guided', { minVolumeMm3: 0 }, item([0.9, 0.9, 0.1, 0.9]));
    expect(sliceTwoNegative.data.slice(200, 300).some(Boolean)).toBe(false);
    expect(sliceTwoNegative.data.slice(100, 200).some(Boolean)).toBe(true);
  });
});

describe('light-unet', () => {
  it('resumed after an interruption, ends with the same weights as an uninterrupted run', async () => {
    const training = [20, 12, 13, 15].map((s) => phantomCase(s));
    const config = LightUnet.configSchema.parse(UNET);
    const controller = new AbortController();
    const stateDir = mkdtempSync(join(tmpdir(), 'hemocam-unet-'));
    const progress = {
      start: (label: string) => {
        if (label.includes('epoch 2')) controller.abort(); // after epoch 1's checkpoint
        return { tick: () => undefined, done: () => undefined };
      },
    };
    const interrupted = standaloneContext(tf, 'wasm', { stateDir, signal: controller.signal, progress });
    await expect(new LightUnet(config, interrupted).fit!(training, interrupted)).rejects.toThrow(/interrupted/);
    const resumed = standaloneContext(tf, 'wasm', { stateDir, resume: true });
    await new LightUnet(config, resumed).fit!(training, resumed);
    const straight = standaloneContext(tf, 'wasm', { stateDir: mkdtempSync(join(tmpdir(), 'hemocam-unet-')) });
    await new LightUnet(config, straight).fit!(training, straight);
    const weights = (dir: string) => readFileSync(join(dir, 'model', 'unet', 'weights.bin'));
    expect(weights(stateDir).equals(weights(straight.stateDir))).toBe(true);
  });

  it('says which artifact a training case lacks', async () => {
    const item = phantomCase(20);
    item.artifacts.delete('pseudoLabel');
    const c = standaloneContext(tf, 'wasm', { stateDir: mkdtempSync(join(tmpdir(), 'hemocam-unet-')) });
    await expect(new LightUnet(LightUnet.configSchema.parse(UNET), c).fit!([item], c)).rejects.toThrow(/has no 'pseudoLabel' artifact.*cam-guided with output: pseudoLabel/);
  });
});
