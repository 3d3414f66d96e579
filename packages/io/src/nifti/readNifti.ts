import { readFile, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import * as nifti from 'nifti-reader-js';
import { HemocamError, orientationOf, type Affine, type Volume, type VoxelData } from '@hemocam/core';
import { NIFTI_DATATYPES, isSupportedDatatype } from './niftiDatatypes.js';

/** Largest image hemocam will allocate (2 GiB of voxel bytes); a header asking for more is refused. */
export const MAX_NIFTI_BYTES = 2 ** 31 - 1;

export interface NiftiInfo {
  niftiVersion: 1 | 2;
  datatype: string;
  littleEndian: boolean;
  sclSlope: number | null;
  sclInter: number | null;
}

/**
 * Read a `.nii` or `.nii.gz` file (NIfTI-1 or NIfTI-2, either byte order) into a Volume.
 * Scaling (`scl_slope`/`scl_inter`) is applied; the affine is the sform when its code is set,
 * else the qform, else the voxel sizes (nibabel's order). The header is checked against the
 * file size before any voxel buffer is allocated.
 */
export async function readNifti(path: string): Promise<Volume & { info: NiftiInfo }> {
  let bytes: Buffer;
  try {
    // A FIFO or device would block the read (and Ctrl-C with it): only regular files are read.
    if (!(await stat(path)).isFile()) throw new HemocamError('INPUT', `${path} is not a regular file (a FIFO, socket, device or folder); give a .nii or .nii.gz file`, { file: path });
    bytes = await readFile(path);
  } catch (cause) {
    if (cause instanceof HemocamError) throw cause;
    throw new HemocamError('INPUT', `cannot read ${path}: ${(cause as Error).message}`, { file: path, cause });
  }
  return parseNifti(bytes, path);
}

export interface ParseOptions {
  /** Check the header and stop: `data` is empty. For listing datasets without reading voxels. */
  headerOnly?: boolean;
}

export function parseNifti(fileBytes: Uint8Array, path: string, options: ParseOptions = {}): Volume & { info: NiftiInfo } {
  const fail = (what: string): never => {
    throw new HemocamError('INPUT', `${path}: ${what}`, { file: path });
  };
  let bytes = fileBytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_NIFTI_BYTES });
    } catch (cause) {
      fail(`not a readable gzip stream (${(cause as Error).message}); the file is truncated or corrupted`);
    }
  }
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  if (buffer.byteLength < 348 || !nifti.isNIFTI(buffer)) fail('not a NIfTI-1 or NIfTI-2 file (no valid header magic)');
  let header: nifti.NIFTI1 | nifti.NIFTI2;
  try {
    header = nifti.readHeader(buffer);
  } catch (cause) {
    return fail(`unreadable NIfTI header (${(cause as Error).message})`);
  }
  const version: 1 | 2 = header instanceof nifti.NIFTI2 ? 2 : 1;
  const rank = header.dims[0] ?? NaN;
  if (!(rank >= 1 && rank <= 7)) fail(`header dim[0] is ${rank}; it must be 1 to 7`);
  const dims = header.dims.slice(1, rank + 1);
  if (dims.some((d) => !Number.isInteger(d) || d <= 0)) fail(`header dims ${dims.join('×')} must all be positive`);
  if (dims.slice(4).some((d) => d !== 1)) fail(`header dims ${dims.join('×')}: 5-D and higher images are not supported`);
  const code = header.datatypeCode;
  if (!isSupportedDatatype(code)) {
    return fail(`datatype ${header.getDatatypeCodeString(code)} (code ${code}) is not supported; use int8/16/32, uint8/16/32, float32 or float64`);
  }
  const type = NIFTI_DATATYPES[code];
  const [nx = 1, ny = 1, nz = 1, nt = 1] = dims; // dim[0] ≥ 1 gives nx; the rest may be absent
  const count = nx * ny * nz * nt;
  const byteCount = count * type.bytes;
  if (byteCount > MAX_NIFTI_BYTES) fail(`header dims ${dims.join('×')} ask for ${byteCount} bytes, more than hemocam reads (${MAX_NIFTI_BYTES})`);
  // A single-file NIfTI's voxels start after the header and the 4-byte extension flag at the
  // least (352 / 544); a lower vox_offset is raised to that, as nibabel's header check does.
  if (!Number.isFinite(header.vox_offset) || header.vox_offset < 0) fail(`header vox_offset is ${header.vox_offset}; it must be a byte offset (352 or more)`);
  const offset = Math.max(Math.floor(header.vox_offset), version === 1 ? 352 : 544);
  if (!options.headerOnly && offset + byteCount > buffer.byteLength) {
    const held = Math.max(0, buffer.byteLength - offset);
    fail(`header says ${dims.join('×')} ${type.name} voxels (${byteCount} bytes from offset ${offset}) but the file holds ${held} byte(s) there; the file is truncated or the header is wrong`);
  }

  const little = header.littleEndian;
  const slope = header.scl_slope;
  const scaled = Number.isFinite(slope) && slope !== 0 && !(slope === 1 && (header.scl_inter || 0) === 0);
  const inter = scaled ? header.scl_inter || 0 : 0;
  let data: VoxelData;
  if (options.headerOnly) {
    data = new Float32Array(0);
  } else if (!scaled && (code === 4 || code === 2)) {
    const view = new DataView(buffer, offset, byteCount);
    data = code === 2 ? new Uint8Array(buffer, offset, count).slice() : new Int16Array(count);
    if (code === 4) for (let i = 0; i < count; i++) data[i] = view.getInt16(i * 2, little);
  } else {
    const view = new DataView(buffer, offset, byteCount);
    data = new Float32Array(count);
    const s = scaled ? slope : 1;
    for (let i = 0; i < count; i++) data[i] = type.get(view, i * type.bytes, little) * s + inter;
  }

  const pix = header.pixDims;
  const pixdim = [1, 2, 3].map((k) => pix[k] ?? 0);
  if (pixdim.some((v) => !Number.isFinite(v))) fail(`header voxel sizes (pixdim) are ${pixdim.join(', ')}; they must be finite`);
  // A zero voxel size reads as 1, as nibabel's header check sets it.
  const spacing = pixdim.map((v) => Math.abs(v) || 1) as [number, number, number];
  const affine = affineOf(header, buffer, version, spacing, fail);
  return {
    data,
    dims: [nx, ny, nz],
    frames: nt,
    spacing,
    affine,
    orientation: orientationOf(affine),
    source: {
      path,
      format: version === 1 ? 'nifti1' : 'nifti2',
      qformCode: header.qform_code,
      sformCode: header.sform_code,
      quatern: [header.quatern_b, header.quatern_c, header.quatern_d, header.qoffset_x, header.qoffset_y, header.qoffset_z, (header.pixDims[0] ?? 1) < 0 ? -1 : 1],
      xyztUnits: header.xyzt_units,
      description: header.description,
    },
    info: {
      niftiVersion: version,
      datatype: type.name,
      littleEndian: little,
      sclSlope: scaled ? slope : null,
      sclInter: scaled ? inter : null,
    },
  };
}

/** The 3×3 part of an affine maps voxels to space only if it is finite and invertible. */
function checkAffine(affine: Affine, which: string, fail: (what: string) => never): Affine {
  const m = affine.slice(0, 3).map((row) => row.slice(0, 4));
  if (m.flat().some((v) => !Number.isFinite(v))) fail(`the ${which} holds ${m.flat().find((v) => !Number.isFinite(v))}; it must be finite`);
  const [a, b, c] = m as [number[], number[], number[]];
  const det = a[0]! * (b[1]! * c[2]! - b[2]! * c[1]!) - a[1]! * (b[0]! * c[2]! - b[2]! * c[0]!) + a[2]! * (b[0]! * c[1]! - b[1]! * c[0]!);
  if (Math.abs(det) < 1e-12) fail(`the ${which} is singular (its 3×3 part has determinant ${det}); the file does not say where its voxels are`);
  return affine;
}

/** sform if its code is set, else qform (nifti-reader-js computed it), else a scaling matrix. */
function affineOf(header: nifti.NIFTI1 | nifti.NIFTI2, buffer: ArrayBuffer, version: 1 | 2, spacing: readonly [number, number, number], fail: (what: string) => never): Affine {
  if (header.sform_code > 0) return checkAffine(sformOf(header, buffer, version), 'sform', fail);
  if (header.qform_code > 0) {
    // As nibabel: a = sqrt(1 − b² − c² − d²) must be real (float32 tolerance), else the quaternion is no rotation.
    const [b, c, d] = [header.quatern_b, header.quatern_c, header.quatern_d];
    if (![b, c, d].every(Number.isFinite) || 1 - (b * b + c * c + d * d) < -3 * 1.1920929e-7)
      fail(`the qform quaternion (b, c, d) = (${b}, ${c}, ${d}) is not a rotation (b² + c² + d² must be at most 1)`);
    return checkAffine(header.affine.map((row) => [...row]) as Affine, 'qform', fail);
  }
  return [
    [spacing[0], 0, 0, 0],
    [0, spacing[1], 0, 0],
    [0, 0, spacing[2], 0],
    [0, 0, 0, 1],
  ];
}

/** The sform rows as stored (float32 in NIfTI-1, float64 in NIfTI-2). */
function sformOf(header: nifti.NIFTI1 | nifti.NIFTI2, buffer: ArrayBuffer, version: 1 | 2): Affine {
  const view = new DataView(buffer);
  const row = (r: number): number[] => {
    const values: number[] = [];
    for (let c = 0; c < 4; c++) {
      values.push(version === 1 ? view.getFloat32(280 + (r * 4 + c) * 4, header.littleEndian) : view.getFloat64(400 + (r * 4 + c) * 8, header.littleEndian));
    }
    return values;
  };
  return [row(0), row(1), row(2), [0, 0, 0, 1]];
}
