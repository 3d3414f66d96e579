import { maskWhere } from './maskWhere.js';
/**
 * Grow a binary seed through 6-connected neighbours on an x-fastest grid, breadth-first, layer
 * by layer: voxel `to` joins when `canEnter(to, from)` holds for the voxel `from` it is reached
 * from. At most `steps` layers (default: until nothing more can join). Returns a new mask.
 * Region growing, geodesic dilation and morphological reconstruction are all this loop.
 */
export function growRegion(seed: ArrayLike<number>, dims: readonly [number, number, number], canEnter: (to: number, from: number) => boolean, steps = Infinity): Uint8Array {
  const [nx, ny, nz] = dims;
  const plane = nx * ny;
  const out = maskWhere(seed.length, (i) => seed[i]);
  let frontier = new Int32Array(out.length);
  let size = 0;
  for (let i = 0; i < out.length; i++) if (out[i]) frontier[size++] = i;
  let next = new Int32Array(out.length);
  for (let step = 0; step < steps && size > 0; step++) {
    let added = 0;
    const visit = (j: number, i: number) => {
      if (!out[j] && canEnter(j, i)) {
        out[j] = 1;
        next[added++] = j;
      }
    };
    for (let k = 0; k < size; k++) {
      const i = frontier[k]!;
      const x = i % nx,
        y = Math.floor(i / nx) % ny,
        z = Math.floor(i / plane);
      if (x > 0) visit(i - 1, i);
      if (x < nx - 1) visit(i + 1, i);
      if (y > 0) visit(i - nx, i);
      if (y < ny - 1) visit(i + nx, i);
      if (z > 0) visit(i - plane, i);
      if (z < nz - 1) visit(i + plane, i);
    }
    [frontier, next] = [next, frontier];
    size = added;
  }
  return out;
}
