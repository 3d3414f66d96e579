import { describe, expect, it } from 'vitest';
import { distanceTransform } from './distanceTransform.js';
import { dilate, erode } from './morphology.js';
import { otsuThreshold } from './otsuThreshold.js';
import { removeSmallComponents } from './removeSmallComponents.js';

function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** Brute force: distance from every voxel to every mask voxel. */
function bruteDistance(mask: number[], [nx, ny]: readonly [number, number, number], sp: readonly [number, number, number]): number[] {
  const on = mask.flatMap((m, i) => (m ? [i] : []));
  const xyz = (i: number): [number, number, number] => [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))];
  return mask.map((_, i) => {
    const [x, y, z] = xyz(i);
    let best = Infinity;
    for (const j of on) {
      const [a, b, c] = xyz(j);
      best = Math.min(best, ((x - a) * sp[0]) ** 2 + ((y - b) * sp[1]) ** 2 + ((z - c) * sp[2]) ** 2);
    }
    return best;
  });
}

describe('distance transform and morphology', () => {
  const dims: [number, number, number] = [9, 7, 5];
  const spacing: [number, number, number] = [0.7, 1, 2.5];

  it('distanceTransform equals brute force on random sparse masks (anisotropic), and is Infinity for an empty mask', () => {
    const rand = random(3);
    for (let trial = 0; trial < 10; trial++) {
      const mask = Array.from({ length: 315 }, () => (rand() < 0.04 ? 1 : 0));
      const fast = distanceTransform(mask, dims, spacing);
      const slow = bruteDistance(mask, dims, spacing);
      slow.forEach((v, i) => expect(fast[i]).toBeCloseTo(v, 9));
    }
    expect(distanceTransform(new Array(315).fill(0), dims, spacing).every((v) => v === Infinity)).toBe(true);
  });

  it('dilate and erode by r mm equal brute-force balls', () => {
    const rand = random(9);
    const mask = Array.from({ length: 315 }, () => (rand() < 0.3 ? 1 : 0));
    const toFg = bruteDistance(mask, dims, spacing);
    const toBg = bruteDistance(
      mask.map((m) => 1 - m),
      dims,
      spacing,
    );
    for (const r of [0.5, 1.2, 2.6]) {
      const d = dilate(mask, dims, spacing, r);
      const e = erode(mask, dims, spacing, r);
      mask.forEach((m, i) => {
        expect(d[i]).toBe(toFg[i]! <= r * r ? 1 : 0);
        expect(e[i]).toBe(m && toBg[i]! > r * r ? 1 : 0);
      });
    }
  });

  it('removeSmallComponents keeps components of at least minVoxels', () => {
    const mask = new Uint8Array(315);
    mask[0] = 1; // a single voxel
    for (const i of [100, 101, 102, 109]) mask[i] = 1; // four connected voxels
    const kept = removeSmallComponents(mask, dims, 2);
    expect(Array.from(kept).flatMap((v, i) => (v ? [i] : []))).toEqual([100, 101, 102, 109]);
  });

  it('otsuThreshold splits two clusters between them', () => {
    const values = [...Array.from({ length: 100 }, (_, i) => 10 + (i % 5)), ...Array.from({ length: 50 }, (_, i) => 60 + (i % 7))];
    const t = otsuThreshold(values);
    expect(t).toBeGreaterThan(14);
    expect(t).toBeLessThanOrEqual(60);
    expect(otsuThreshold([3, 3, 3])).toBe(3);
  });
});

describe('growRegion', () => {
  it('equals geodesic dilation by repeated brute-force neighbour passes, with and without a step limit', async () => {
    const { growRegion } = await import('./growRegion.js');
    const dims: [number, number, number] = [6, 5, 4];
    const rand = random(21);
    const allowed = Array.from({ length: 120 }, () => (rand() < 0.6 ? 1 : 0));
    const seed = allowed.map((a, i) => (a && i % 17 === 0 ? 1 : 0));
    const brute = (steps: number) => {
      let current = seed.slice();
      for (let s = 0; s < steps; s++) {
        const nextMask = current.slice();
        current.forEach((v, i) => {
          if (!v) return;
          const x = i % 6,
            y = Math.floor(i / 6) % 5,
            z = Math.floor(i / 30);
          for (const [a, b, c] of [
            [x - 1, y, z],
            [x + 1, y, z],
            [x, y - 1, z],
            [x, y + 1, z],
            [x, y, z - 1],
            [x, y, z + 1],
          ] as const) {
            const j = a + 6 * (b + 5 * c);
            if (a >= 0 && b >= 0 && c >= 0 && a < 6 && b < 5 && c < 4 && allowed[j]) nextMask[j] = 1;
          }
        });
        current = nextMask;
      }
      return current;
    };
    for (const steps of [1, 2, 50]) expect(Array.from(growRegion(seed, dims, (j) => allowed[j] === 1, steps === 50 ? undefined : steps))).toEqual(brute(steps));
  });
});
