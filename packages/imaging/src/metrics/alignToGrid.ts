import type { Affine, Vec3, Volume, VoxelData } from '@hemocam/core';

/** Inverse of an affine voxel→world matrix (3×3 part by cofactors, then the translation). */
function invert(a: Affine): number[][] {
  const [r0, r1, r2] = [a[0], a[1], a[2]];
  const m = [
    [r0[0]!, r0[1]!, r0[2]!],
    [r1[0]!, r1[1]!, r1[2]!],
    [r2[0]!, r2[1]!, r2[2]!],
  ] as const;
  const c = (i: number, j: number) => {
    const rows = [0, 1, 2].filter((r) => r !== i);
    const cols = [0, 1, 2].filter((k) => k !== j);
    const [p, q] = [rows[0]!, rows[1]!];
    const [u, v] = [cols[0]!, cols[1]!];
    return ((i + j) % 2 ? -1 : 1) * (m[p]![u]! * m[q]![v]! - m[p]![v]! * m[q]![u]!);
  };
  const det = m[0][0] * c(0, 0) + m[0][1] * c(0, 1) + m[0][2] * c(0, 2);
  const inv = [0, 1, 2].map((i) => [0, 1, 2].map((j) => c(j, i) / det));
  const t = [r0[3]!, r1[3]!, r2[3]!];
  return inv.map((row) => [...row, -(row[0]! * t[0]! + row[1]! * t[1]! + row[2]! * t[2]!)]);
}

/**
 * A mask's voxels on a reference grid, when the two grids hold the same voxel centres in space
 * and differ only in axis order and direction (a mask stored flipped or transposed with a
 * matching affine is the same mask); `undefined` when they do not (other spacing, a shift off
 * the grid, an oblique rotation), which needs a real resampling. Tolerance: `tol` voxels.
 */
export function alignToGrid(mask: Pick<Volume, 'data' | 'dims' | 'affine'>, reference: { dims: Vec3; affine: Affine }, tol = 1e-3): VoxelData | undefined {
  const toRef = invert(reference.affine);
  // M = inverse(reference) · mask: mask voxel → reference voxel.
  const M = [0, 1, 2].map((i) => [0, 1, 2, 3].map((j) => [0, 1, 2].reduce((s, k) => s + toRef[i]![k]! * mask.affine[k]![j]!, 0) + (j === 3 ? toRef[i]![3]! : 0)));
  const axis: { from: number; sign: number; offset: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const row = M[i]!;
    const from = [0, 1, 2].find((j) => Math.abs(Math.abs(row[j]!) - 1) < tol && [0, 1, 2].every((k) => k === j || Math.abs(row[k]!) < tol));
    const offset = row[3]!;
    if (from === undefined || Math.abs(offset - Math.round(offset)) > tol) return undefined;
    axis.push({ from, sign: Math.sign(row[from]!), offset: Math.round(offset) });
  }
  if (new Set(axis.map((a) => a.from)).size !== 3) return undefined;
  if (axis.some((a, i) => mask.dims[a.from] !== reference.dims[i])) return undefined;
  if (axis.every((a, i) => a.from === i && a.sign === 1 && a.offset === 0)) return mask.data; // the same grid
  const [nx, ny, nz] = reference.dims;
  const [mx, my] = mask.dims;
  const out = new (mask.data.constructor as new (n: number) => VoxelData)(nx * ny * nz);
  const p = [0, 0, 0];
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const r = [x, y, z];
        // r_i = sign_i · p_from(i) + offset_i  →  p_from(i) = sign_i · (r_i − offset_i)
        for (let i = 0; i < 3; i++) p[axis[i]!.from] = axis[i]!.sign * (r[i]! - axis[i]!.offset);
        if (p.some((v, k) => v < 0 || v >= mask.dims[k]!)) return undefined;
        out[x + nx * (y + ny * z)] = mask.data[p[0]! + mx * (p[1]! + my * p[2]!)]!;
      }
  return out;
}
