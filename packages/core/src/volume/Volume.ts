import { HemocamError } from '../errors/HemocamError.js';

export type VoxelData = Float32Array | Int16Array | Uint8Array;
export type Vec3 = [number, number, number];
/** Row-major 4×4 voxel-to-world (RAS+ mm) matrix, as NIfTI's sform. */
export type Affine = [number[], number[], number[], number[]];

/**
 * A CT volume (Hounsfield units) or a mask/heat map on the same grid.
 * `data` is x-fastest (NIfTI order): index = x + dims[0] * (y + dims[1] * (z + dims[2] * t)).
 */
export interface Volume {
  data: VoxelData;
  /** Voxels along x, y, z. */
  dims: Vec3;
  /** Frames along the 4th axis; 1 for a plain 3-D volume. */
  frames: number;
  /** Voxel size in mm along x, y, z. */
  spacing: Vec3;
  affine: Affine;
  /** Axis codes of the affine, e.g. `RAS`, `LPS`. */
  orientation: string;
  /** Raw header of the file the volume came from, kept so that outputs keep its geometry. */
  source?: VolumeSource;
}

export interface VolumeSource {
  path: string;
  format: 'nifti1' | 'nifti2' | 'dicom';
  qformCode: number;
  sformCode: number;
  /** quatern_b, c, d, qoffset_x, y, z, qfac */
  quatern?: [number, number, number, number, number, number, number];
  xyztUnits?: number;
  description?: string;
  /** DICOM: the image behind each slice (z order), which a DICOM-SEG written from it references. */
  dicomSlices?: DicomSliceRef[];
}

/** A DICOM image a slice of a volume came from: its file, SOP identity and frame. */
export interface DicomSliceRef {
  file: string;
  sopClassUid: string;
  sopUid: string;
  /** 1-based frame in a multi-frame file, 1 otherwise. */
  frameNumber: number;
  /** ImagePositionPatient (LPS mm) of the slice's first voxel. */
  position: Vec3;
}

/** Orientation letters from the direction of each voxel axis in world space (as nibabel's aff2axcodes). */
export function orientationOf(affine: Affine): string {
  const letters = [
    ['L', 'R'],
    ['P', 'A'],
    ['I', 'S'],
  ] as const;
  let codes = '';
  for (let axis = 0; axis < 3; axis++) {
    const column = [affine[0][axis]!, affine[1][axis]!, affine[2][axis]!] as const; // an Affine is 4×4
    let best: 0 | 1 | 2 = 0;
    for (const k of [1, 2] as const) if (Math.abs(column[k]) > Math.abs(column[best])) best = k;
    codes += letters[best][column[best] >= 0 ? 1 : 0];
  }
  return codes;
}

/** A volume on the grid of `like`, e.g. a mask or heat map for an image. */
export function volumeLike(like: Volume, data: VoxelData): Volume {
  const expected = like.dims[0] * like.dims[1] * like.dims[2];
  if (data.length !== expected) {
    throw new HemocamError('RUNTIME', `volume data has ${data.length} voxels; the grid ${like.dims.join('×')} needs ${expected}`);
  }
  return { ...like, data, frames: 1 };
}

export function voxelCount(volume: Pick<Volume, 'dims' | 'frames'>): number {
  return volume.dims[0] * volume.dims[1] * volume.dims[2] * volume.frames;
}
