import { describe, expect, it } from 'vitest';
import { maskMetrics } from './maskMetrics.js';

const dims: [number, number, number] = [7, 6, 4];
const spacing: [number, number, number] = [0.8, 1.1, 2.5];

function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** Brute force: boundary voxels by checking neighbours, distances by comparing every pair, percentiles by sorting. */
function brute(p: number[], r: number[], tol: number) {
  const [nx, ny, nz] = dims;
  const xyz = (i: number): [number, number, number] => [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))];
  const boundary = (m: number[]) =>
    m.flatMap((v, i) => {
      if (!v) return [];
      const [x, y, z] = xyz(i);
      const nbrs = [
        [x - 1, y, z],
        [x + 1, y, z],
        [x, y - 1, z],
        [x, y + 1, z],
        [x, y, z - 1],
        [x, y, z + 1],
      ] as const;
      return nbrs.some(([a, b, c]) => a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz || !m[a + nx * (b + ny * c)]) ? [i] : [];
    });
  const dist = (i: number, j: number) => {
    const [a, b, c] = xyz(i),
      [d, e, f] = xyz(j);
    return Math.hypot((a - d) * spacing[0], (b - e) * spacing[1], (c - f) * spacing[2]);
  };
  const sp = boundary(p),
    sr = boundary(r);
  const dP = sp.map((i) => Math.min(...sr.map((j) => dist(i, j))));
  const dR = sr.map((i) => Math.min(...sp.map((j) => dist(i, j))));
  const all = [...dP, ...dR].sort((a, b) => a - b);
  const at = 0.95 * (all.length - 1);
  const hd95 = all[Math.floor(at)]! + (all[Math.min(all.length - 1, Math.floor(at) + 1)]! - all[Math.floor(at)]!) * (at - Math.floor(at));
  const tp = p.filter((v, i) => v && r[i]).length,
    np = p.filter(Boolean).length,
    nr = r.filter(Boolean).length;
  return {
    dice: (2 * tp) / (np + nr),
    iou: tp / (np + nr - tp),
    hd: Math.max(...all),
    hd95,
    nsd: all.filter((d) => d <= tol).length / all.length,
    rvd: (np - nr) / nr,
    sensitivity: tp / nr,
    precision: tp / np,
  };
}

describe('maskMetrics', () => {
  it('matches brute-force references on random masks with anisotropic spacing', () => {
    const rand = random(4);
    for (let trial = 0; trial < 15; trial++) {
      const p = Array.from({ length: 168 }, () => (rand() < 0.3 ? 1 : 0));
      const r = Array.from({ length: 168 }, () => (rand() < 0.3 ? 1 : 0));
      const fast = maskMetrics(p, r, dims, spacing, 1.5);
      const slow = brute(p, r, 1.5);
      for (const key of Object.keys(slow) as (keyof typeof slow)[]) expect(fast[key]).toBeCloseTo(slow[key], 9);
      expect(fast.referenceMl).toBeCloseTo((r.filter(Boolean).length * 0.8 * 1.1 * 2.5) / 1000, 12);
    }
  });

  it('identical masks: Dice 1, HD95 0, NSD 1; empty-mask conventions', () => {
    const m = Array.from({ length: 168 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    expect(maskMetrics(m, m, dims, spacing)).toMatchObject({ dice: 1, iou: 1, hd: 0, hd95: 0, nsd: 1, rvd: 0, sensitivity: 1, precision: 1 });
    const empty = new Array(168).fill(0);
    expect(maskMetrics(empty, empty, dims, spacing)).toMatchObject({ dice: 1, iou: 1, hd: 0, hd95: 0, nsd: 1, rvd: 0, sensitivity: NaN, precision: NaN });
    expect(maskMetrics(empty, m, dims, spacing)).toMatchObject({ dice: 0, hd: NaN, hd95: NaN, nsd: 0, rvd: -1, sensitivity: 0, precision: NaN });
    expect(maskMetrics(m, empty, dims, spacing)).toMatchObject({ dice: 0, hd: NaN, hd95: NaN, nsd: 0, rvd: NaN, sensitivity: NaN, precision: 0 });
  });
});

describe('maskMetrics at the size of real scans', () => {
  it('scores masks with hundreds of thousands of surface voxels (no argument-limit overflow)', () => {
    const dims: [number, number, number] = [512, 512, 4];
    const ref = new Uint8Array(512 * 512 * 4);
    const pred = new Uint8Array(ref.length);
    // A checkerboard in every slice: every voxel of both masks is a surface voxel.
    for (let i = 0; i < ref.length; i++) {
      const x = i % 512,
        y = Math.floor(i / 512) % 512;
      ref[i] = (x + y) % 2;
      pred[i] = (x + y + (x < 256 ? 0 : 1)) % 2;
    }
    const m = maskMetrics(pred, ref, dims, [0.42, 0.42, 5]);
    expect(Number.isFinite(m.hd)).toBe(true);
    expect(m.dice).toBeCloseTo(0.5, 2);
  });
});
