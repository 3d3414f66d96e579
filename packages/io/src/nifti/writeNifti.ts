import { gzipSync } from 'node:zlib';
import { HemocamError, writeFileAtomic, voxelCount, type Volume } from '@hemocam/core';
import { affineToQuatern } from './affineToQuatern.js';

/** How voxels are stored: `image` int16 HU, `mask` uint8 labels, `heatmap` float32. */
export type NiftiKind = 'image' | 'mask' | 'heatmap';

const STORAGE = {
  image: { code: 4, bits: 16, Array: Int16Array, min: -32768, max: 32767 },
  mask: { code: 2, bits: 8, Array: Uint8Array, min: 0, max: 255 },
  heatmap: { code: 16, bits: 32, Array: Float32Array, min: -Infinity, max: Infinity },
} as const;

const HEADER_BYTES = 348;
const VOX_OFFSET = 352;

/**
 * Encode a volume as NIfTI-1 (little endian) with the geometry of its source: the same
 * affine as sform, the source's qform when it had one (else one derived from the affine), and
 * a NIfTI source's qform/sform codes unchanged, so that it overlays the source image in any viewer. Integer kinds round and refuse values
 * that do not fit instead of wrapping them.
 */
export function encodeNifti(volume: Volume, kind: NiftiKind): Uint8Array {
  const storage = STORAGE[kind];
  const count = voxelCount(volume);
  if (volume.data.length !== count) {
    throw new HemocamError('RUNTIME', `volume has ${volume.data.length} voxels but its dims ${volume.dims.join('×')}×${volume.frames} need ${count}`);
  }
  const out = new Uint8Array(VOX_OFFSET + count * (storage.bits / 8));
  const view = new DataView(out.buffer);
  const le = true;
  view.setInt32(0, HEADER_BYTES, le);
  const rank = volume.frames > 1 ? 4 : 3;
  const dims = [rank, ...volume.dims, volume.frames, 1, 1, 1];
  dims.forEach((d, i) => view.setInt16(40 + i * 2, d, le));
  view.setInt16(70, storage.code, le);
  view.setInt16(72, storage.bits, le);

  const source = volume.source;
  const hasSourceQform = source !== undefined && source.qformCode > 0 && source.quatern !== undefined;
  const quatern = hasSourceQform ? source.quatern! : affineToQuatern(volume.affine);
  const pixdim = [quatern[6], ...volume.spacing, 1, 1, 1, 1];
  pixdim.forEach((p, i) => view.setFloat32(76 + i * 4, p, le));
  view.setFloat32(108, VOX_OFFSET, le);
  view.setFloat32(112, 1, le); // scl_slope
  view.setFloat32(116, 0, le); // scl_inter
  view.setUint8(123, source?.xyztUnits || 2 | 8); // mm, seconds
  const description = new TextEncoder().encode(`hemocam ${kind}`.slice(0, 79));
  out.set(description, 148);
  // A NIfTI source's codes are kept as they were (a file with sform only keeps qform_code 0, as
  // nibabel then reads it); a DICOM or in-memory source gets both, scanner-anatomical.
  const fromNifti = source !== undefined && source.format !== 'dicom';
  view.setInt16(252, hasSourceQform ? source.qformCode : fromNifti ? source.qformCode : 1, le);
  view.setInt16(254, fromNifti ? source.sformCode : 1, le);
  quatern.slice(0, 6).forEach((q, i) => view.setFloat32(256 + i * 4, q, le));
  for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) view.setFloat32(280 + (r * 4 + c) * 4, volume.affine[r]![c]!, le); // an Affine is 4×4
  out.set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0"

  const voxels = new storage.Array(out.buffer, VOX_OFFSET, count);
  const integer = kind !== 'heatmap';
  for (let i = 0; i < count; i++) {
    const v = integer ? Math.round(volume.data[i]!) : volume.data[i]!;
    if (integer && !(v >= storage.min && v <= storage.max)) {
      throw new HemocamError('RUNTIME', `voxel ${i} is ${volume.data[i]}, which a ${kind} NIfTI (${storage.Array.name}) cannot hold`);
    }
    voxels[i] = v;
  }
  return out;
}

/** Write a volume as `.nii.gz` (or `.nii` when the path says so), atomically. */
export async function writeNifti(path: string, volume: Volume, kind: NiftiKind): Promise<void> {
  const encoded = encodeNifti(volume, kind);
  await writeFileAtomic(path, path.endsWith('.gz') ? gzipSync(encoded, { level: 6 }) : encoded);
}
