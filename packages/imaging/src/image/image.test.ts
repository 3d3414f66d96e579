import { describe, expect, it } from 'vitest';
import { fillHoles2d } from './fillHoles2d.js';
import { labelComponents } from './labelComponents.js';

/** Brute force: components by repeated relaxation of the minimum index over face neighbours. */
function bruteComponents(mask: number[], [nx, ny, nz]: [number, number, number]): number {
  const id = mask.map((m, i) => (m ? i + 1 : 0));
  let changed = true;
  while (changed) {
    changed = false;
    id.forEach((v, i) => {
      if (!v) return;
      const x = i % nx,
        y = Math.floor(i / nx) % ny,
        z = Math.floor(i / (nx * ny));
      const nbrs = [x > 0 && i - 1, x < nx - 1 && i + 1, y > 0 && i - nx, y < ny - 1 && i + nx, z > 0 && i - nx * ny, z < nz - 1 && i + nx * ny];
      for (const j of nbrs) if (j !== false && id[j] && id[j] < id[i]!) [id[i], changed] = [id[j], true];
    });
  }
  return new Set(id.filter(Boolean)).size;
}

describe('image operations', () => {
  it('labelComponents agrees with brute force on random 3-D masks', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 20; trial++) {
      const dims: [number, number, number] = [5, 4, 3];
      const mask = Array.from({ length: 60 }, () => (rand() < 0.45 ? 1 : 0));
      const { labels, sizes } = labelComponents(mask, dims);
      expect(sizes.length - 1).toBe(bruteComponents(mask, dims));
      expect(sizes.slice(1).reduce((a, b) => a + b, 0)).toBe(mask.filter(Boolean).length);
      mask.forEach((m, i) => expect(labels[i]! > 0).toBe(m === 1));
    }
  });

  it('fillHoles2d fills enclosed background only', () => {
    const ring = Uint8Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    const filled = fillHoles2d(ring, [5, 5, 1]);
    expect(filled[12]).toBe(1);
    expect(Array.from(filled).filter(Boolean)).toHaveLength(9);
    expect(Array.from(fillHoles2d(Uint8Array.from([1, 0, 1, 0]), [2, 2, 1]))).toEqual([1, 0, 1, 0]);
  });
});
