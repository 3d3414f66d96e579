import { brainMask } from '@hemocam/plugin-resnet-lstm';
import { dice } from '@hemocam/imaging';
import { CaseStore, createStage, volumeLike, type StageClass, type Volume } from '@hemocam/core';
import { synthCase } from '@hemocam/phantom';
import { describe, expect, it } from 'vitest';
import plugin from './index.js';
import { fitGaussianMixture } from './fitGaussianMixture.js';

const positive = synthCase(20, { size: 64, slices: 12, positive: true });
const negative = synthCase(12, { size: 64, slices: 12, positive: false });

function caseOf(volume: Volume, brain = brainMask(volume), cam?: Volume): CaseStore {
  // A CAM that is high exactly where the phantom bleeds: region-grow's CAM seeds.
  return new CaseStore('c', {
    volume,
    brainMask: brain,
    cam:
      cam ??
      volumeLike(
        volume,
        Float32Array.from(positive.label.data, (v) => v),
      ),
  });
}

async function pseudoMaskOf(Stage: StageClass, config: object, item: CaseStore): Promise<Volume> {
  const stage = await createStage(Stage, config);
  await stage.run(item);
  return item.get('pseudoMask');
}

const METHODS: [string, object][] = [
  ['hyperdense-threshold', {}],
  ['hyperdense-gmm', {}],
  ['region-grow', {}],
  ['region-grow', { seeds: 'cam' }],
];

describe.each(METHODS)('%s %j', (id, config) => {
  const Stage = plugin.stages[id];
  if (!Stage) throw new Error(`the plugin has no stage '${id}'`);

  it('gives a binary uint8 mask on the source grid that finds the phantom bleed', async () => {
    const mask = await pseudoMaskOf(Stage, config, caseOf(positive.image));
    expect(mask.dims).toEqual(positive.image.dims);
    expect(mask.affine).toEqual(positive.image.affine);
    expect(mask.data).toBeInstanceOf(Uint8Array);
    expect(mask.data.every((v) => v === 0 || v === 1)).toBe(true);
    expect(dice(mask.data, positive.label.data)).toBeGreaterThan(0.5);
  });

  it('is empty for an empty brain mask, and deterministic', async () => {
    const empty = volumeLike(negative.image, new Uint8Array(negative.image.data.length));
    expect((await pseudoMaskOf(Stage, config, caseOf(negative.image, empty))).data.some(Boolean)).toBe(false);
    const a = await pseudoMaskOf(Stage, config, caseOf(positive.image));
    const b = await pseudoMaskOf(Stage, config, caseOf(positive.image));
    expect(b.data).toEqual(a.data);
  });

  it('rejects unknown options', () => {
    expect(Stage.configSchema.safeParse({ ...config, nope: 1 }).success).toBe(false);
  });
});

describe('fitGaussianMixture', () => {
  it('recovers two well separated components from a histogram', () => {
    const centres = Array.from({ length: 100 }, (_, i) => i);
    const counts = centres.map((x) => 900 * Math.exp(-0.5 * ((x - 30) / 4) ** 2) + 100 * Math.exp(-0.5 * ((x - 70) / 6) ** 2));
    const fitted = fitGaussianMixture(centres, counts, [
      { weight: 0.5, mean: 20, sd: 10 },
      { weight: 0.5, mean: 80, sd: 10 },
    ]);
    expect(fitted[0]?.mean).toBeCloseTo(30, 1);
    expect(fitted[1]?.mean).toBeCloseTo(70, 1);
    expect(fitted[0]?.sd).toBeCloseTo(4, 1);
    expect(fitted[1]?.weight).toBeCloseTo((100 * 6) / (900 * 4 + 100 * 6), 2);
  });
});
