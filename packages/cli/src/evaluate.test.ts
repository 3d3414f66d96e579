import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeNifti, type MaskScore } from '@hemocam/io';
import type { Volume } from '@hemocam/core';
import { hemocam } from '../test/hemocam.js';
const DIMS: [number, number, number] = [10, 9, 4];
const SPACING: [number, number, number] = [0.7, 0.5, 2];

/** A seeded blob: voxels within a random ellipsoid, plus a few random voxels (ragged surface). */
function blob(seed: number): Uint8Array {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const [cx, cy, cz, r] = [3 + rand() * 4, 3 + rand() * 3, 1 + rand() * 2, 2 + rand() * 2];
  const out = new Uint8Array(DIMS[0] * DIMS[1] * DIMS[2]);
  for (let z = 0; z < DIMS[2]; z++)
    for (let y = 0; y < DIMS[1]; y++)
      for (let x = 0; x < DIMS[0]; x++) {
        const d = ((x - cx) * SPACING[0]) ** 2 + ((y - cy) * SPACING[1]) ** 2 + ((z - cz) * SPACING[2]) ** 2;
        if (d < (r * 0.7) ** 2 || rand() < 0.03) out[x + DIMS[0] * (y + DIMS[1] * z)] = 1;
      }
  return out;
}

function volumeOf(data: Uint8Array | Int16Array): Volume {
  const affine: Volume['affine'] = [
    [SPACING[0], 0, 0, 0],
    [0, SPACING[1], 0, 0],
    [0, 0, SPACING[2], 0],
    [0, 0, 0, 1],
  ];
  return { data, dims: DIMS, frames: 1, spacing: SPACING, affine, orientation: 'RAS' };
}

/** Dice, HD95 and NSD by brute force: every pair of boundary voxels, no distance transform. */
function bruteForce(pred: Uint8Array, ref: Uint8Array, tolerance: number) {
  const [nx, ny, nz] = DIMS;
  const at = (m: Uint8Array, x: number, y: number, z: number) => (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz ? 0 : m[x + nx * (y + ny * z)]!);
  const surface = (m: Uint8Array) => {
    const points: [number, number, number][] = [];
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          if (!at(m, x, y, z)) continue;
          const edge = x === 0 || y === 0 || z === 0 || x === nx - 1 || y === ny - 1 || z === nz - 1;
          const open = [
            [1, 0, 0],
            [-1, 0, 0],
            [0, 1, 0],
            [0, -1, 0],
            [0, 0, 1],
            [0, 0, -1],
          ].some(([dx, dy, dz]) => !at(m, x + dx!, y + dy!, z + dz!));
          if (edge || open) points.push([x * SPACING[0], y * SPACING[1], z * SPACING[2]]);
        }
    return points;
  };
  let tp = 0,
    np = 0,
    nr = 0;
  pred.forEach((p, i) => {
    tp += p && ref[i] ? 1 : 0;
    np += p ? 1 : 0;
    nr += ref[i] ? 1 : 0;
  });
  const sp = surface(pred),
    sr = surface(ref);
  const nearest = (from: typeof sp, to: typeof sp) => from.map((a) => Math.min(...to.map((b) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]))));
  const distances = [...nearest(sp, sr), ...nearest(sr, sp)].sort((a, b) => a - b);
  const q = 0.95 * (distances.length - 1);
  const lo = Math.floor(q);
  const hd95 = distances[lo]! + (distances[Math.min(lo + 1, distances.length - 1)]! - distances[lo]!) * (q - lo);
  return { dice: (2 * tp) / (np + nr), hd95, nsd: distances.filter((d) => d <= tolerance + 1e-9).length / distances.length };
}

describe('hemocam eval with predictions named as people name them', () => {
  it('scores <id>.nii.gz against an INSTANCE label/ folder and the dataset root, agreeing with brute force; lists one-sided cases', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hemocam-eval-'));
    const ct = volumeOf(new Int16Array(DIMS[0] * DIMS[1] * DIMS[2]).fill(35));
    const refs: Record<string, Uint8Array> = { a: blob(1), b: blob(2), c: blob(3), d: new Uint8Array(DIMS[0] * DIMS[1] * DIMS[2]) };
    const preds: Record<string, Uint8Array> = { a: blob(11), b: blob(2).map((v, i) => (i % 17 === 0 ? 1 - v : v)), d: new Uint8Array(refs.d!.length), e: blob(5) };
    for (const [id, mask] of Object.entries(refs)) {
      await writeNifti(join(dir, 'instance', 'data', `${id}.nii.gz`), ct, 'image');
      await writeNifti(join(dir, 'instance', 'label', `${id}.nii.gz`), volumeOf(mask), 'mask');
    }
    for (const [id, mask] of Object.entries(preds)) await writeNifti(join(dir, 'pred', `${id}.nii.gz`), volumeOf(mask), 'mask');
    await writeNifti(join(dir, 'pred', 'a_cam.nii.gz'), volumeOf(blob(7)), 'mask'); // an intermediate beside a's mask, not a case

    for (const gt of ['instance/label', 'instance']) {
      const json = join(dir, `${gt.replace('/', '-')}.json`);
      const result = hemocam(['eval', '--pred', join(dir, 'pred'), '--gt', join(dir, gt), '--json', json, '--tolerance', '1']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/no prediction for 1 reference case\(s\), counted as misses.*: c/);
      expect(result.stdout).toMatch(/predictions with no reference case, not scored: e$/m);
      const score = (JSON.parse(readFileSync(json, 'utf8')) as { masks: MaskScore }).masks;
      const byId = new Map(score.cases.map((c) => [c.id, c]));
      for (const id of ['a', 'b']) {
        const expected = bruteForce(preds[id]!, refs[id]!, 1);
        const got = byId.get(id)!;
        expect(got.dice).toBeCloseTo(expected.dice, 10);
        expect(got.hd95).toBeCloseTo(expected.hd95, 6);
        expect(got.nsd).toBeCloseTo(expected.nsd, 10);
      }
      expect(byId.get('c')).toMatchObject({ dice: 0, predictedVoxels: 0 });
      expect(score.positives.n).toBe(3);
      expect(score.positives.mean).toBeCloseTo((bruteForce(preds.a!, refs.a!, 1).dice + bruteForce(preds.b!, refs.b!, 1).dice + 0) / 3, 10);
      expect(score.negatives).toEqual({ n: 1, emptyPredicted: 1 });
      expect(score.unmatched).toEqual(['c']);
    }
  });

  it('takes _mask, _pred and _seg names; refuses two candidates for one case naming both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hemocam-eval-'));
    for (const id of ['p', 'q', 'r']) await writeNifti(join(dir, 'label', `${id}.nii`), volumeOf(blob(id.charCodeAt(0))), 'mask');
    await writeNifti(join(dir, 'pred', 'p_mask.nii.gz'), volumeOf(blob('p'.charCodeAt(0))), 'mask');
    await writeNifti(join(dir, 'pred', 'p_cam.nii.gz'), volumeOf(blob(3)), 'mask');
    await writeNifti(join(dir, 'pred', 'q_pred.nii'), volumeOf(blob('q'.charCodeAt(0))), 'mask');
    await writeNifti(join(dir, 'pred', 'r_seg.nii.gz'), volumeOf(blob('r'.charCodeAt(0))), 'mask');
    const ok = hemocam(['eval', '--pred', join(dir, 'pred'), '--gt', join(dir, 'label'), '--json', join(dir, 's.json')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toMatch(/no reference case|no prediction/); // p_cam is p's intermediate
    const score = (JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')) as { masks: MaskScore }).masks;
    expect(score.cases.map((c) => c.dice)).toEqual([1, 1, 1]);

    await writeNifti(join(dir, 'pred', 'q.nii.gz'), volumeOf(blob(1)), 'mask');
    const twice = hemocam(['eval', '--pred', join(dir, 'pred'), '--gt', join(dir, 'label')]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain(join(dir, 'pred', 'q.nii.gz'));
    expect(twice.stderr).toContain(join(dir, 'pred', 'q_pred.nii'));
    expect(twice.stderr.trim().split('\n')).toHaveLength(1);

    await writeNifti(join(dir, 'ct', 'p.nii.gz'), volumeOf(new Int16Array(DIMS[0] * DIMS[1] * DIMS[2]).fill(-1000)), 'image');
    const ctAsMask = hemocam(['eval', '--pred', join(dir, 'pred'), '--gt', join(dir, 'ct')]);
    expect(ctAsMask).toMatchObject({ code: 2, stderr: expect.stringMatching(/ct\/p.nii.gz is not a mask/) });
    const noPred = hemocam(['eval', '--pred', join(dir, 'nothing'), '--gt', join(dir, 'label')]);
    expect(noPred).toMatchObject({ code: 2, stderr: expect.stringMatching(/--pred .*nothing does not exist/) });
  });

  it('compares in space: a mask stored flipped or transposed with a matching affine scores as the same mask; other grids are refused naming both files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hemocam-eval-'));
    const ref = blob(21);
    await writeNifti(join(dir, 'label', 'a.nii.gz'), volumeOf(ref), 'mask');
    const [nx, ny, nz] = DIMS;
    const at = (x: number, y: number, z: number) => ref[x + nx * (y + ny * z)]!;
    // x flipped: voxel x holds the reference's nx-1-x, and the affine walks x backwards from the far end.
    const flipped = Uint8Array.from({ length: ref.length }, (_, i) => at(nx - 1 - (i % nx), Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))));
    const flipAffine: Volume['affine'] = [
      [-SPACING[0], 0, 0, SPACING[0] * (nx - 1)],
      [0, SPACING[1], 0, 0],
      [0, 0, SPACING[2], 0],
      [0, 0, 0, 1],
    ];
    await writeNifti(join(dir, 'flip', 'a.nii.gz'), { ...volumeOf(flipped), affine: flipAffine, orientation: 'LAS' }, 'mask');
    // x and y swapped: a ny×nx×nz grid whose first axis runs along world y.
    const swapped = Uint8Array.from({ length: ref.length }, (_, i) => at(Math.floor(i / ny) % nx, i % ny, Math.floor(i / (nx * ny))));
    const swapAffine: Volume['affine'] = [
      [0, SPACING[0], 0, 0],
      [SPACING[1], 0, 0, 0],
      [0, 0, SPACING[2], 0],
      [0, 0, 0, 1],
    ];
    await writeNifti(join(dir, 'swap', 'a.nii.gz'), { data: swapped, dims: [ny, nx, nz], frames: 1, spacing: [SPACING[1], SPACING[0], SPACING[2]], affine: swapAffine, orientation: 'ARS' }, 'mask');
    for (const folder of ['flip', 'swap']) {
      const result = hemocam(['eval', '--pred', join(dir, folder), '--gt', join(dir, 'label'), '--json', join(dir, `${folder}.json`)]);
      expect(result.code, result.stderr).toBe(0);
      expect((JSON.parse(readFileSync(join(dir, `${folder}.json`), 'utf8')) as { masks: MaskScore }).masks.cases[0]).toMatchObject({ dice: 1, hd95: 0 });
    }
    // Half a voxel off the grid: not the same voxels, refused with both files named.
    await writeNifti(
      join(dir, 'shifted', 'a.nii.gz'),
      {
        ...volumeOf(ref),
        affine: [
          [SPACING[0], 0, 0, SPACING[0] / 2],
          [0, SPACING[1], 0, 0],
          [0, 0, SPACING[2], 0],
          [0, 0, 0, 1],
        ],
      },
      'mask',
    );
    const shifted = hemocam(['eval', '--pred', join(dir, 'shifted'), '--gt', join(dir, 'label')]);
    expect(shifted.code).toBe(2);
    expect(shifted.stderr).toMatch(/shifted\/a\.nii\.gz .* and the reference .*label\/a\.nii\.gz .* are different grids in space/);
  });

  it('validates its options and its inputs: tolerance, threshold, fractional masks, --json/--csv files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hemocam-eval-'));
    await writeNifti(join(dir, 'label', 'a.nii.gz'), volumeOf(blob(31)), 'mask');
    await writeNifti(join(dir, 'pred', 'a.nii.gz'), volumeOf(blob(31)), 'mask');
    const evalWith = (...extra: string[]) => hemocam(['eval', '--pred', join(dir, 'pred'), '--gt', join(dir, 'label'), ...extra]);
    for (const bad of [
      ['--tolerance', 'abc'],
      ['--tolerance', '-1'],
      ['--threshold', '1.5'],
      ['--threshold', 'x'],
    ]) {
      const result = evalWith(...bad);
      expect(result.code, bad.join(' ')).toBe(2);
      expect(result.stderr, bad.join(' ')).toMatch(new RegExp(`hemocam: error: ${bad[0]!} must be`));
    }
    writeFileSync(join(dir, 'taken.json'), '{}');
    expect(evalWith('--json', join(dir, 'taken.json'))).toMatchObject({ code: 2, stderr: expect.stringMatching(/taken\.json already exists; .* --force/) });
    expect(readFileSync(join(dir, 'taken.json'), 'utf8')).toBe('{}');
    expect(evalWith('--json', join(dir, 'taken.json'), '--force').code).toBe(0);
    expect(evalWith('--json', dir)).toMatchObject({ code: 2, stderr: expect.stringMatching(/--json .* is a folder/) });
    expect(evalWith('--csv', dir)).toMatchObject({ code: 2, stderr: expect.stringMatching(/--csv .* is a folder/) });
    const soft = Float32Array.from(blob(31), (v) => v * 0.6);
    await writeNifti(join(dir, 'soft', 'a.nii.gz'), { ...volumeOf(new Uint8Array(soft.length)), data: soft }, 'heatmap');
    const fractional = hemocam(['eval', '--pred', join(dir, 'soft'), '--gt', join(dir, 'label')]);
    expect(fractional).toMatchObject({ code: 2, stderr: expect.stringMatching(/soft\/a\.nii\.gz is not a mask \(it holds the value 0\.6.*threshold probability maps first/) });
  });
});
