export interface Gaussian {
  weight: number;
  mean: number;
  sd: number;
}

/**
 * 1-D Gaussian mixture by EM (Dempster, Laird & Rubin, 1977) on a histogram: `counts[b]` values
 * at `centres[b]`, so the cost does not grow with the voxel count. Starts from `init`;
 * standard deviations are floored at `minSd` so a component cannot collapse onto one bin.
 * Deterministic. Written by hand: a few lines, and no maintained JS library fits weighted data.
 */
export function fitGaussianMixture(centres: ArrayLike<number>, counts: ArrayLike<number>, init: readonly Gaussian[], iterations = 200, minSd = 1): Gaussian[] {
  let components = init.map((c) => ({ ...c }));
  const k = components.length;
  const n = centres.length;
  const resp = new Float64Array(n * k);
  for (let iteration = 0; iteration < iterations; iteration++) {
    for (let b = 0; b < n; b++) {
      let total = 0;
      for (let j = 0; j < k; j++) {
        const { weight, mean, sd } = components[j]!;
        const p = (weight / sd) * Math.exp(-0.5 * ((centres[b]! - mean) / sd) ** 2);
        resp[b * k + j] = p;
        total += p;
      }
      for (let j = 0; j < k; j++) resp[b * k + j] = total > 0 ? resp[b * k + j]! / total : 1 / k;
    }
    let all = 0;
    for (let b = 0; b < n; b++) all += counts[b]!;
    const next = components.map((current, j) => {
      let w = 0,
        m = 0;
      for (let b = 0; b < n; b++) {
        w += counts[b]! * resp[b * k + j]!;
        m += counts[b]! * resp[b * k + j]! * centres[b]!;
      }
      const mean = w > 0 ? m / w : current.mean;
      let v = 0;
      for (let b = 0; b < n; b++) v += counts[b]! * resp[b * k + j]! * (centres[b]! - mean) ** 2;
      return { weight: all > 0 ? w / all : 0, mean, sd: Math.max(minSd, w > 0 ? Math.sqrt(v / w) : current.sd) };
    });
    const moved = next.reduce((s, c, j) => Math.max(s, Math.abs(c.mean - components[j]!.mean)), 0);
    components = next;
    if (moved < 1e-6) break;
  }
  return components;
}
