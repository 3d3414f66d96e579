import { describe, expect, it } from 'vitest';
import { gaussianSmooth } from './gaussianSmooth.js';

/** Brute force: the full 3-D truncated kernel at every voxel, renormalised over the voxels inside the grid. */
type Triple = [number, number, number];

function bruteSmooth(data: number[], [nx, ny, nz]: Triple, sigma: Triple): number[] {
  const radius = (s: number) => (s > 0 ? Math.max(1, Math.ceil(3 * s)) : 0);
  const r: Triple = [radius(sigma[0]), radius(sigma[1]), radius(sigma[2])];
  const g = (d: number, s: number) => (s > 0 ? Math.exp(-(d * d) / (2 * s * s)) : d === 0 ? 1 : 0);
  return data.map((_, i) => {
    const x = i % nx,
      y = Math.floor(i / nx) % ny,
      z = Math.floor(i / (nx * ny));
    let sum = 0,
      weight = 0;
    for (let dz = -r[2]; dz <= r[2]; dz++)
      for (let dy = -r[1]; dy <= r[1]; dy++)
        for (let dx = -r[0]; dx <= r[0]; dx++) {
          const [a, b, c] = [x + dx, y + dy, z + dz];
          if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
          const w = g(dx, sigma[0]) * g(dy, sigma[1]) * g(dz, sigma[2]);
          sum += w * data[a + nx * (b + ny * c)]!;
          weight += w;
        }
    return sum / weight;
  });
}

describe('gaussianSmooth', () => {
  it('matches a brute-force 3-D convolution, per-axis sigma, borders renormalised', () => {
    const dims: Triple = [7, 5, 4];
    const data = Array.from({ length: 140 }, (_, i) => Math.sin(i * 1.7) * 10 + (i % 3));
    const sigmas: Triple[] = [
      [1, 0.7, 0.5],
      [0, 1.2, 0],
      [2, 2, 2],
    ];
    for (const sigma of sigmas) {
      const fast = gaussianSmooth(data, dims, sigma);
      const slow = bruteSmooth(data, dims, sigma);
      slow.forEach((v, i) => expect(fast[i]).toBeCloseTo(v, 4));
    }
  });

  it('keeps a constant field constant and leaves σ = 0 alone', () => {
    expect(Array.from(gaussianSmooth(new Array(24).fill(3), [4, 3, 2], [1, 1, 1])).every((v) => Math.abs(v - 3) < 1e-6)).toBe(true);
    const data = Array.from({ length: 24 }, (_, i) => i);
    expect(Array.from(gaussianSmooth(data, [4, 3, 2], [0, 0, 0]))).toEqual(data);
  });
});
