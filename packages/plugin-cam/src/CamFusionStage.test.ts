import { CaseStore, createStage, type Volume } from '@hemocam/core';
import { describe, expect, it } from 'vitest';
import { CamFusionStage } from './CamFusionStage.js';

const grid = (data: number[], dims: [number, number, number] = [2, 2, 1]): Volume => ({
  data: Float32Array.from(data),
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
});

async function fused(options: object, ...maps: Volume[]): Promise<number[]> {
  const item = new CaseStore('c', Object.fromEntries(maps.map((m, i) => [`cam${i + 1}`, m])));
  await (await createStage(CamFusionStage, { maps: maps.length, ...options })).run(item);
  return Array.from(item.get('cam').data);
}

describe('cam-fusion', () => {
  const a = grid([0, 0.5, 1, 1]);
  const b = grid([1, 0.5, 0, 0.25]);
  it('fuses by mean, weighted mean, max and geometric mean, staying in [0, 1]', async () => {
    expect(await fused({}, a, b)).toEqual([0.5, 0.5, 0.5, 0.625]);
    expect(await fused({ weights: [3, 1] }, a, b)).toEqual([0.25, 0.5, 0.75, 0.8125]);
    expect(await fused({ method: 'max' }, a, b)).toEqual([1, 0.5, 1, 1]);
    const geometric = await fused({ method: 'geometric' }, a, b);
    [0, 0.5, 0, 0.5].forEach((v, i) => expect(geometric[i]).toBeCloseTo(v, 6));
  });

  it('weights each map by its certainty per voxel (UM-CAM) and rescales to peak 1', async () => {
    const h = (p: number) => -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
    // Voxels 0 and 2: both maps certain (0 and 1), weights equal → 0.5; voxel 1: both 0.5; voxel 3: a = 1 is certain (weight 1), b = 0.25 hesitant (weight e^−H(0.25)).
    const at3 = (1 + 0.25 * Math.exp(-h(0.25))) / (1 + Math.exp(-h(0.25)));
    const expected = [0.5, 0.5, 0.5, at3].map((v) => v / at3);
    const out = await fused({ method: 'uncertainty' }, a, b);
    expected.forEach((v, i) => expect(out[i]).toBeCloseTo(v, 6));
    expect(Math.max(...out)).toBeCloseTo(1, 6);
    // A certain map outweighs a hesitant one: the fusion lies nearer the certain value than the plain mean does.
    expect(at3).toBeGreaterThan(0.625);
    expect(await fused({ method: 'uncertainty' }, grid([0, 0, 0, 0]), grid([0, 0, 0, 0]))).toEqual([0, 0, 0, 0]);
  });

  it('needs cam1 … camN as its option says, and refuses maps on other grids and bad weights', async () => {
    expect(CamFusionStage.needs(CamFusionStage.configSchema.parse({ maps: 3 }))).toEqual(['cam1', 'cam2', 'cam3']);
    await expect(fused({}, a, grid([0, 0], [2, 1, 1]))).rejects.toThrow(/stages\.stage: c: cam2 is 2×1×1 but cam1 is 2×2×1; fuse maps on the same grid/);
    await expect(createStage(CamFusionStage, { weights: [1] })).rejects.toThrow(/weights: weights needs one value per map/);
  });
});
