import { readNifti } from '../nifti/readNifti.js';

/**
 * Slice labels derived from a voxel mask (1 where any voxel of the axial slice is non-zero),
 * for datasets that have masks but no slice labels. The mask itself goes no further.
 */
export async function sliceLabelsFromMask(path: string): Promise<number[]> {
  const mask = await readNifti(path);
  const [nx, ny, nz] = mask.dims;
  const plane = nx * ny;
  const labels = new Array<number>(nz).fill(0);
  for (let z = 0; z < nz; z++) {
    for (let i = z * plane; i < (z + 1) * plane; i++) {
      if (mask.data[i]! > 0) {
        labels[z] = 1;
        break;
      }
    }
  }
  return labels;
}
