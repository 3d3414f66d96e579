/** Options of {@link randomWalk}. */
export interface RandomWalkOptions {
  /** Edge weight exp(−Δ² / 2σ²) between 6-neighbours whose values differ by Δ: the contrast (in the values' unit) that stops the walk. */
  sigma: number;
  /** Factor on the weights between slices (thick slices: below 1). */
  zWeight?: number;
  /** Pull of every unknown voxel towards 0, so that a region with no seed around it stays 0. */
  prior?: number;
  /** Stop when the residual's norm is below this times the right-hand side's. */
  tolerance?: number;
  maxIterations?: number;
}

/**
 * Grady's random walker (2006) on a 6-connected x-fastest grid: for each voxel with `seeds[i] < 0`,
 * the probability that a walk from it, stepping to neighbours in proportion to the edge weights,
 * reaches a seed of value 1 before one of value 0. Solves the combinatorial Dirichlet problem
 * L_U x = −B x_S by conjugate gradients with a Jacobi preconditioner. Seeds keep their values.
 * Written here because no maintained JavaScript library solves it on 3-D volumes.
 */
export function randomWalk(values: ArrayLike<number>, dims: readonly [number, number, number], seeds: ArrayLike<number>, options: RandomWalkOptions): Float32Array {
  const [nx, ny, nz] = dims;
  const plane = nx * ny;
  const { sigma, zWeight = 1, prior = 1e-4, tolerance = 1e-4, maxIterations = 500 } = options;
  const out = Float32Array.from({ length: seeds.length }, (_, i) => Math.max(0, seeds[i]!));
  const index = new Int32Array(seeds.length).fill(-1);
  let n = 0;
  for (let i = 0; i < seeds.length; i++) if (seeds[i]! < 0) index[i] = n++;
  if (n === 0) return out;
  const voxel = new Int32Array(n);
  for (let i = 0; i < seeds.length; i++) if (index[i]! >= 0) voxel[index[i]!] = i;

  // The system, six neighbour slots per unknown: column (−1 when none or a seed) and weight.
  const column = new Int32Array(n * 6).fill(-1);
  const weight = new Float64Array(n * 6);
  const diagonal = new Float64Array(n).fill(prior);
  const rhs = new Float64Array(n);
  const scale = -1 / (2 * sigma * sigma);
  for (let u = 0; u < n; u++) {
    const i = voxel[u]!;
    const x = i % nx,
      y = Math.floor(i / nx) % ny,
      z = Math.floor(i / plane);
    const neighbours = [x > 0 ? i - 1 : -1, x < nx - 1 ? i + 1 : -1, y > 0 ? i - nx : -1, y < ny - 1 ? i + nx : -1, z > 0 ? i - plane : -1, z < nz - 1 ? i + plane : -1];
    neighbours.forEach((j, k) => {
      if (j < 0) return;
      const d = values[j]! - values[i]!;
      const w = Math.exp(d * d * scale) * (k >= 4 ? zWeight : 1);
      diagonal[u]! += w;
      if (index[j]! >= 0) {
        column[u * 6 + k] = index[j]!;
        weight[u * 6 + k] = w;
      } else rhs[u]! += w * out[j]!;
    });
  }

  const multiply = (v: Float64Array, into: Float64Array) => {
    for (let u = 0; u < n; u++) {
      let s = diagonal[u]! * v[u]!;
      for (let k = u * 6; k < u * 6 + 6; k++) if (column[k]! >= 0) s -= weight[k]! * v[column[k]!]!;
      into[u] = s;
    }
  };
  const dot = (a: Float64Array, b: Float64Array) => {
    let s = 0;
    for (let u = 0; u < n; u++) s += a[u]! * b[u]!;
    return s;
  };
  const solution = new Float64Array(n);
  const residual = Float64Array.from(rhs);
  const preconditioned = residual.map((r, u) => r / diagonal[u]!);
  const direction = Float64Array.from(preconditioned);
  const product = new Float64Array(n);
  let rz = dot(residual, preconditioned);
  const stop = tolerance * Math.sqrt(dot(rhs, rhs));
  for (let iteration = 0; iteration < maxIterations && Math.sqrt(dot(residual, residual)) > stop; iteration++) {
    multiply(direction, product);
    const alpha = rz / dot(direction, product);
    for (let u = 0; u < n; u++) {
      solution[u]! += alpha * direction[u]!;
      residual[u]! -= alpha * product[u]!;
      preconditioned[u] = residual[u]! / diagonal[u]!;
    }
    const next = dot(residual, preconditioned);
    for (let u = 0; u < n; u++) direction[u] = preconditioned[u]! + (next / rz) * direction[u]!;
    rz = next;
  }
  for (let u = 0; u < n; u++) out[voxel[u]!] = Math.min(1, Math.max(0, solution[u]!));
  return out;
}
