import type { Affine } from '@hemocam/core';
import { sliceNormal } from './sliceNormal.js';

/**
 * The RAS voxel-to-world affine NIfTI expects, from DICOM's LPS patient geometry: column x
 * steps along the row cosines by the column spacing, row y along the column cosines by the
 * row spacing (PixelSpacing is between rows, then between columns), z along the normal.
 */
export function dicomAffine(orientation: readonly number[], pixelSpacing: readonly [number, number], spacingZ: number, origin: readonly number[]): Affine {
  const [rowStep, colStep] = pixelSpacing;
  const normal = sliceNormal(orientation);
  const lps = [0, 1, 2].map((i) => [orientation[i]! * colStep, orientation[i + 3]! * rowStep, normal[i]! * spacingZ, origin[i]!]);
  return [lps[0]!.map((v) => -v), lps[1]!.map((v) => -v), lps[2]!, [0, 0, 0, 1]];
}
