import type { Vec3 } from '@hemocam/core';

/** The slice normal of an ImageOrientationPatient (row cosines × column cosines), along which slices are ordered. */
export function sliceNormal(orientation: readonly number[]): Vec3 {
  const [rx = 1, ry = 0, rz = 0, cx = 0, cy = 1, cz = 0] = orientation;
  return [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx];
}
