import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { HemocamError } from '@hemocam/core';
import { parseNifti } from './readNifti.js';

const HEADER_BYTES = 540; // NIfTI-2 header; NIfTI-1 needs 348

/** The first bytes of a (possibly gzipped) file, without reading or inflating the rest. */
async function head(path: string, bytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  const source = createReadStream(path);
  const stream = path.endsWith('.gz') ? source.pipe(createGunzip()) : source;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= bytes) break;
    }
  } finally {
    source.destroy();
  }
  return Buffer.concat(chunks).subarray(0, bytes);
}

/** Dims of a NIfTI file from its header alone (for listing datasets quickly); errors as readNifti's. */
export async function readNiftiDims(path: string): Promise<[number, number, number]> {
  let bytes: Uint8Array;
  try {
    bytes = await head(path, HEADER_BYTES);
  } catch (cause) {
    throw new HemocamError('INPUT', `${path}: cannot read its header (${(cause as Error).message})`, { file: path, cause });
  }
  return parseNifti(bytes, path, { headerOnly: true }).dims;
}
