import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseStore, createStage, volumeLike, type Volume } from '@hemocam/core';
import { tensorContainer } from '@hemocam/tensor';
import { fitLogistic, logisticProbability } from './fitLogistic.js';
import { MimicFilterStage } from './MimicFilterStage.js';

const [N, Z] = [24, 6];
const at = (x: number, y: number, z: number) => z * N * N + y * N + x;

/**
 * A 24×24×6 case, brain everywhere at 30 HU: a dense 2×2 "sinus" at 90 HU near a corner on every
 * slice, and (positive cases) a 4×4 bleed at 62 HU on slices 1–3, placed by `seed`. The pseudo
 * mask is everything at 55 HU or more, so it holds both; the slice labels say where the bleed is.
 */
function mimicCase(seed: number, positive: boolean): CaseStore {
  const data = new Int16Array(N * N * Z).fill(30);
  const bleedSlices = positive ? [1, 2, 3] : [];
  for (let z = 0; z < Z; z++) {
    for (const [x, y] of [
      [3, 3],
      [4, 3],
      [3, 4],
      [4, 4],
    ] as const)
      data[at(x, y, z)] = 90;
    if (!bleedSlices.includes(z)) continue;
    const [bx, by] = [9 + (seed % 5), 10 + ((seed * 3) % 5)];
    for (let y = by; y < by + 4; y++) for (let x = bx; x < bx + 4; x++) data[at(x, y, z)] = 62;
  }
  const volume: Volume = {
    data,
    dims: [N, N, Z],
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
  return new CaseStore(
    `c${seed}`,
    {
      volume,
      brainMask: volumeLike(volume, new Uint8Array(data.length).fill(1)),
      pseudoMask: volumeLike(
        volume,
        Uint8Array.from(data, (v) => (v >= 55 ? 1 : 0)),
      ),
    },
    { slices: Array.from({ length: Z }, (_, z) => (bleedSlices.includes(z) ? 1 : 0)) },
  );
}

const stageIn = (root: string, config: object = {}) => createStage(MimicFilterStage, { minVolumeMm3: 0, ...config }, tensorContainer({ stateRoot: root }), 'teacher');
const training = () => Array.from({ length: 12 }, (_, k) => mimicCase(k, k % 2 === 0));

describe('mimic-filter', () => {
  it('learns from slice labels that the component seen on negative slices is a mimic: keeps the bleed, drops the sinus, also in a new process', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hemocam-mimic-'));
    await (
      await stageIn(root)
    ).fit!(training());
    const item = mimicCase(40, true);
    const fresh = await stageIn(root); // run from what fit saved
    await fresh.run(item);
    const mask = item.get('mask').data;
    const bleed = item.get('pseudoMask').data.map((v, i) => (v && item.get('volume').data[i]! < 80 ? 1 : 0));
    expect(Array.from(mask)).toEqual(Array.from(bleed));
    expect(bleed.filter(Boolean).length).toBe(48);
  });

  it('with sliceSource: labels keeps nothing on slices labelled negative; with all, only what the model keeps', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hemocam-mimic-'));
    await (
      await stageIn(root, { threshold: 0 })
    ).fit!(training());
    const item = mimicCase(41, true);
    await (await stageIn(root, { threshold: 0 })).run(item);
    const kept = item.get('mask').data;
    expect(kept.subarray(0, N * N).some(Boolean)).toBe(false); // slice 0 is labelled negative
    expect(kept.subarray(N * N, 2 * N * N).filter(Boolean).length).toBe(4 + 16); // threshold 0 keeps the sinus too
    await (await stageIn(root, { threshold: 0, sliceSource: 'all' })).run(item);
    expect(
      item
        .get('mask')
        .data.subarray(0, N * N)
        .filter(Boolean).length,
    ).toBe(4);
  });

  it('says what is missing: slice labels of both kinds to learn from, a model to run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hemocam-mimic-'));
    await expect((await stageIn(root)).fit!([mimicCase(1, false), mimicCase(3, false)])).rejects.toThrow(
      /0 pseudo-mask components on slices labelled positive and 12 on slices labelled negative; it needs both/,
    );
    await expect((await stageIn(root)).run(mimicCase(1, true))).rejects.toThrow(/mimic-filter: .*mimic-filter\.json is missing; train the pipeline first/);
  });
});

describe('fitLogistic', () => {
  it('separates two clouds: high probability on one, low on the other, ordered along the separating feature', () => {
    const x = Array.from({ length: 40 }, (_, k) => [k < 20 ? k / 10 : 5 + k / 10, (k * 7) % 3]);
    const y = x.map((_, k) => (k < 20 ? 0 : 1));
    const model = fitLogistic(x, y);
    expect(x.slice(0, 20).every((row) => logisticProbability(model, row) < 0.1)).toBe(true);
    expect(x.slice(20).every((row) => logisticProbability(model, row) > 0.9)).toBe(true);
    expect(logisticProbability(model, [3, 1])).toBeLessThan(logisticProbability(model, [4, 1]));
  });
});
