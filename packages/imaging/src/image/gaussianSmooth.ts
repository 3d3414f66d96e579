/** The two axes other than 0, 1 and 2, in increasing order. */
const OTHER_AXES = [
  [1, 2],
  [0, 2],
  [0, 1],
] as const;

/**
 * Separable Gaussian smoothing of an x-fastest 3-D grid with σ given per axis in voxels
 * (σ ≤ 0 leaves that axis alone). Kernels are truncated at 3σ and renormalised at the borders
 * (no padding values are invented). One line buffer per axis; no per-voxel allocation.
 */
export function gaussianSmooth(data: ArrayLike<number>, dims: readonly [number, number, number], sigma: readonly [number, number, number]): Float32Array {
  let current = Float32Array.from(data);
  const strides = [1, dims[0], dims[0] * dims[1]] as const;
  for (const axis of [0, 1, 2] as const) {
    const s = sigma[axis];
    const n = dims[axis];
    if (!(s > 0) || n < 2) continue;
    const radius = Math.max(1, Math.ceil(3 * s));
    const kernel = Float64Array.from({ length: 2 * radius + 1 }, (_, k) => Math.exp(-((k - radius) ** 2) / (2 * s * s)));
    const stride = strides[axis];
    const next = new Float32Array(current.length);
    const line = new Float64Array(n);
    const [a, b] = OTHER_AXES[axis];
    for (let j = 0; j < dims[b]; j++) {
      for (let i = 0; i < dims[a]; i++) {
        const base = i * strides[a] + j * strides[b];
        for (let k = 0; k < n; k++) line[k] = current[base + k * stride]!;
        for (let k = 0; k < n; k++) {
          let sum = 0;
          let weight = 0;
          const lo = Math.max(0, k - radius);
          const hi = Math.min(n - 1, k + radius);
          for (let m = lo; m <= hi; m++) {
            const w = kernel[m - k + radius]!;
            sum += w * line[m]!;
            weight += w;
          }
          next[base + k * stride] = sum / weight;
        }
      }
    }
    current = next;
  }
  return current;
}
