/** The two axes other than 0, 1 and 2, in increasing order. */
const OTHER_AXES = [
  [1, 2],
  [0, 2],
  [0, 1],
] as const;

/**
 * Exact squared Euclidean distance (mm²) from every voxel to the nearest voxel where `mask`
 * is set, on an anisotropic x-fastest grid: Felzenszwalb & Huttenlocher (2012), "Distance
 * Transforms of Sampled Functions", one lower-envelope pass per axis, linear time. Written by
 * hand: no maintained JS library does anisotropic 3-D EDT. An empty mask gives Infinity.
 */
export function distanceTransform(mask: ArrayLike<number>, dims: readonly [number, number, number], spacing: readonly [number, number, number]): Float64Array {
  const total = dims[0] * dims[1] * dims[2];
  const d = new Float64Array(total);
  for (let i = 0; i < total; i++) d[i] = mask[i] ? 0 : Infinity;
  const strides = [1, dims[0], dims[0] * dims[1]] as const;
  const longest = Math.max(...dims);
  const f = new Float64Array(longest);
  const out = new Float64Array(longest);
  const v = new Int32Array(longest);
  const z = new Float64Array(longest + 1);
  for (const axis of [0, 1, 2] as const) {
    const n = dims[axis];
    const w2 = spacing[axis] * spacing[axis];
    const [a, b] = OTHER_AXES[axis];
    for (let j = 0; j < dims[b]; j++) {
      for (let i = 0; i < dims[a]; i++) {
        const base = i * strides[a] + j * strides[b];
        for (let q = 0; q < n; q++) f[q] = d[base + q * strides[axis]]!;
        envelope(f, n, w2, v, z, out);
        for (let q = 0; q < n; q++) d[base + q * strides[axis]] = out[q]!;
      }
    }
  }
  return d;
}

/** 1-D: out[q] = min_p f[p] + w2·(q − p)², over the lower envelope of parabolas (infinite f skipped). */
function envelope(f: Float64Array, n: number, w2: number, v: Int32Array, z: Float64Array, out: Float64Array): void {
  let k = -1;
  for (let q = 0; q < n; q++) {
    if (f[q] === Infinity) continue;
    let s = -Infinity;
    while (k >= 0) {
      const p = v[k]!;
      s = (f[q]! + w2 * q * q - (f[p]! + w2 * p * p)) / (2 * w2 * (q - p));
      if (s > z[k]!) break;
      k--;
    }
    if (k < 0) s = -Infinity; // the first parabola, or every earlier one is hidden
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  if (k < 0) {
    out.fill(Infinity, 0, n);
    return;
  }
  let j = 0;
  for (let q = 0; q < n; q++) {
    while (z[j + 1]! < q) j++;
    const p = v[j]!;
    out[q] = f[p]! + w2 * (q - p) * (q - p);
  }
}
