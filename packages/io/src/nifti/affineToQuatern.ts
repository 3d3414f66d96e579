import type { Affine, Vec3 } from '@hemocam/core';

/**
 * The NIfTI-1 qform (quatern_b/c/d, qoffset, qfac) of an affine, as nifti1_io.c's
 * nifti_mat44_to_quatern: orthogonalise the rotation by the column norms, flip the third
 * column when the determinant is negative, then take the quaternion of the proper rotation.
 * Hand-written because no npm package exposes it apart from a whole NIfTI writer.
 */
export function affineToQuatern(affine: Affine): [number, number, number, number, number, number, number] {
  // An Affine is 4×4 by contract, so every entry of its top three rows is there.
  const col = (c: number): Vec3 => [affine[0][c]!, affine[1][c]!, affine[2][c]!];
  const norm = (v: Vec3) => Math.hypot(v[0], v[1], v[2]) || 1;
  const scaled = (v: Vec3, s: number): Vec3 => [v[0] / s, v[1] / s, v[2] / s];
  const [c0, c1, c2] = [col(0), col(1), col(2)];
  const [n0, n1, n2] = [norm(c0), norm(c1), norm(c2)];
  const r: [Vec3, Vec3, Vec3] = [scaled(c0, n0), scaled(c1, n1), scaled(c2, n2)]; // r[col][row]
  const det = r[0][0] * (r[1][1] * r[2][2] - r[2][1] * r[1][2]) - r[1][0] * (r[0][1] * r[2][2] - r[2][1] * r[0][2]) + r[2][0] * (r[0][1] * r[1][2] - r[1][1] * r[0][2]);
  const qfac = det < 0 ? -1 : 1;
  if (qfac < 0) r[2] = [-r[2][0], -r[2][1], -r[2][2]];
  const [r11, r21, r31] = r[0];
  const [r12, r22, r32] = r[1];
  const [r13, r23, r33] = r[2];
  let a = r11 + r22 + r33 + 1;
  let b: number;
  let c: number;
  let d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) [b, c, d] = [-b, -c, -d];
  }
  const [offsetX, offsetY, offsetZ] = col(3);
  return [b, c, d, offsetX, offsetY, offsetZ, qfac];
}
