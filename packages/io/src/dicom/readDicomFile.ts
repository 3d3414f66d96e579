import { readFileSync, statSync } from 'node:fs';
import type * as DicomParser from 'dicom-parser';
import { dicomParser } from './dicomParser.js';
import { HemocamError } from '@hemocam/core';
import { decodeFrame } from './decodeFrame.js';
import { decodeRle } from './decodeRle.js';
import { encapsulatedFrames } from './encapsulatedFrames.js';
import { TRANSFER_SYNTAXES, UNREAD_SYNTAXES } from './transferSyntaxes.js';

/** One DICOM image (a slice) with its geometry and rescaled values. */
export interface DicomSlice {
  file: string;
  transferSyntax: string;
  /** 1-based frame of a multi-frame file (1 for a single-frame one), as a SEG references it. */
  frameNumber: number;
  sopClassUid: string;
  modality: string;
  seriesUid: string;
  rows: number;
  columns: number;
  /** [between rows, between columns] in mm, as PixelSpacing. */
  pixelSpacing: [number, number];
  imagePosition: [number, number, number];
  /** Row direction cosines then column direction cosines. */
  imageOrientation: [number, number, number, number, number, number];
  rescaleSlope: number;
  rescaleIntercept: number;
  instanceNumber: number;
  /** SOP Instance UID, which RSNA's labels use as the slice id. */
  sopUid: string;
  /** Rescaled values (HU for CT), row-major: column index fastest. */
  values: Float32Array;
}

/** Reads a backslash-separated numeric attribute (DS/IS) of `count` numbers, or undefined when absent or malformed. */
const numbers = (tag: string, count: number) => (d: DicomParser.DataSet) => {
  const parts = (d.string(tag) ?? '').split('\\').map(Number);
  return d.elements[tag] && parts.length === count && parts.every(Number.isFinite) ? parts : undefined;
};

/** A backslash-separated numeric attribute (DS/IS) as numbers; `fallback` when absent or malformed. */
function numbersOf(data: DicomParser.DataSet, tag: string, count: number, fallback: number[]): number[] {
  return numbers(tag, count)(data) ?? fallback;
}

/** Identity and position of a DICOM image, read without decoding pixels (for listing datasets). */
export interface DicomHeader {
  file: string;
  seriesUid: string;
  sopUid: string;
  position: [number, number, number];
  orientation: number[];
}

/** The bytes of a regular file: a FIFO or device would block the read. */
function readRegularFile(file: string): Buffer {
  if (!statSync(file).isFile()) throw new HemocamError('INPUT', `${file} is not a regular file (a FIFO, socket, device or folder)`, { file });
  return readFileSync(file);
}

export function readDicomHeader(file: string): DicomHeader {
  let data: DicomParser.DataSet;
  try {
    data = dicomParser.parseDicom(readRegularFile(file), { untilTag: 'x7fe00010' });
  } catch (cause) {
    if (cause instanceof HemocamError) throw cause;
    const reason = typeof cause === 'string' ? cause : ((cause as { exception?: string }).exception ?? (cause as Error).message);
    throw new HemocamError('INPUT', `${file}: not a readable DICOM file (${reason})`, { file, cause });
  }
  return {
    file,
    seriesUid: data.string('x0020000e') ?? '(no series uid)',
    sopUid: data.string('x00080018') ?? '',
    position: numbersOf(data, 'x00200032', 3, [0, 0, 0]) as [number, number, number],
    orientation: numbersOf(data, 'x00200037', 6, [1, 0, 0, 0, 1, 0]),
  };
}

/** An attribute of frame `k` of a multi-frame object: per-frame group, then shared group, then top level. */
function frameAttribute(data: DicomParser.DataSet, k: number, sequence: string, read: (d: DicomParser.DataSet) => number[] | undefined): number[] | undefined {
  for (const groups of [data.elements.x52009230?.items?.[k]?.dataSet, data.elements.x52009229?.items?.[0]?.dataSet]) {
    const item = groups?.elements[sequence]?.items?.[0]?.dataSet;
    const value = item ? read(item) : undefined;
    if (value) return value;
  }
  return read(data);
}

/** The transfer syntax in a file's meta group, or undefined (no Part 10 header). */
function metaSyntax(bytes: Buffer): string | undefined {
  try {
    return dicomParser.readPart10Header(bytes).string('x00020010');
  } catch {
    return undefined;
  }
}

/** The message of whatever a parser or codec threw (dicom-parser throws strings and objects). */
function reasonOf(cause: unknown): string {
  return typeof cause === 'string' ? cause : ((cause as { exception?: string }).exception ?? (cause as Error).message);
}

/**
 * Parse one DICOM file into its images: one for a classic slice, one per frame for a
 * multi-frame (enhanced CT) object. Compressed pixel data is decoded by the codec library of
 * its transfer syntax (transferSyntaxes.ts); truncated pixel data, a Basic Offset Table that
 * does not match the fragments, a frame a codec rejects and syntaxes hemocam does not read
 * are refused with one line naming the file.
 */
export async function readDicomFile(file: string): Promise<DicomSlice[]> {
  let bytes: Buffer;
  try {
    bytes = readRegularFile(file);
  } catch (cause) {
    if (cause instanceof HemocamError) throw cause;
    throw new HemocamError('INPUT', `cannot read ${file}: ${(cause as Error).message}`, { file, cause });
  }
  let data: DicomParser.DataSet;
  let parseProblem: string | undefined;
  try {
    data = dicomParser.parseDicom(bytes);
  } catch (cause) {
    // dicom-parser throws { exception, dataSet } and keeps what it parsed: a file cut inside its
    // pixel data still has its header, and the checks below name the truncation.
    const partial = (cause as { dataSet?: DicomParser.DataSet }).dataSet;
    if (!partial?.elements.x7fe00010) throw new HemocamError('INPUT', `${file}: not a readable DICOM file (${reasonOf(cause)})`, { file, cause });
    data = partial;
    parseProblem = reasonOf(cause);
  }
  const refuse = (reason: string): never => {
    throw new HemocamError('INPUT', `${file}: ${reason}`, { file });
  };
  // A partial data set (parse failed) lacks the file meta group: read the syntax from there.
  const syntaxUid = data.string('x00020010') ?? (parseProblem ? metaSyntax(bytes) : undefined) ?? '1.2.840.10008.1.2';
  const syntax = TRANSFER_SYNTAXES[syntaxUid];
  if (!syntax) {
    return refuse(
      `transfer syntax ${syntaxUid} (${UNREAD_SYNTAXES[syntaxUid] ?? 'unknown'}) is not supported; convert the series to one of the syntaxes \`hemocam info\` lists (e.g. \`gdcmconv --raw\` or \`dcmdjpeg\`)`,
    );
  }
  const rows = data.uint16('x00280010') ?? 0;
  const columns = data.uint16('x00280011') ?? 0;
  const bits = data.uint16('x00280100') ?? 16;
  const bitsStored = data.uint16('x00280101') ?? bits;
  const signed = data.uint16('x00280103') === 1;
  const samplesPerPixel = data.uint16('x00280002') ?? 1;
  const frames = Math.max(1, data.intString('x00280008') ?? 1);
  const element = data.elements.x7fe00010;
  if (!element || rows <= 0 || columns <= 0) return refuse(`no image (rows ${rows}, columns ${columns}, pixel data ${element ? 'present' : 'absent'})`);
  if (samplesPerPixel !== 1 || (bits !== 8 && bits !== 16) || bitsStored > bits || bitsStored < 1) {
    return refuse(`${samplesPerPixel} samples of ${bitsStored} of ${bits} bits per pixel; hemocam reads greyscale 8- or 16-bit images`);
  }
  const pixels = rows * columns;
  const bytesPerSample = bits / 8;
  /** Stored values of each frame, before rescaling. */
  let stored: ArrayLike<number>[];
  if (syntax.codec === 'native') {
    if (element.encapsulatedPixelData) return refuse(`${syntax.name} but the pixel data is encapsulated`);
    const expected = pixels * bytesPerSample * frames;
    const available = Math.min(element.length, data.byteArray.length - element.dataOffset);
    if (available < expected) {
      return refuse(`pixel data has ${available} bytes but ${frames > 1 ? `${frames} frames of ` : ''}${rows}×${columns} ${bits}-bit pixels need ${expected}; the file is truncated`);
    }
    const frameBytes = pixels * bytesPerSample;
    stored = Array.from({ length: frames }, (_, k) =>
      storedSamples(data.byteArray.subarray(element.dataOffset + k * frameBytes, element.dataOffset + (k + 1) * frameBytes), bits, signed, !syntax.bigEndian),
    );
  } else {
    if (!element.encapsulatedPixelData) return refuse(`${syntax.name} but the pixel data is not encapsulated`);
    if (parseProblem) return refuse(`the compressed pixel data is cut short (${parseProblem}); the file is truncated`);
    let compressed: Uint8Array[];
    try {
      compressed = encapsulatedFrames(data.byteArray, element.fragments ?? [], element.basicOffsetTable ?? [], frames);
    } catch (cause) {
      return refuse(reasonOf(cause));
    }
    stored = [];
    for (const [k, frame] of compressed.entries()) {
      const where = frames > 1 ? `frame ${k + 1} of ${frames}` : 'the frame';
      if (syntax.codec === 'rle') {
        stored.push(storedSamples(decodeRle(frame, pixels, bytesPerSample, file), bits, signed, true));
        continue;
      }
      let decoded;
      try {
        decoded = await decodeFrame(syntax.codec, frame, bytesPerSample, signed);
      } catch (cause) {
        return refuse(`${where} does not decode as ${syntax.name} (${reasonOf(cause)})`);
      }
      if (decoded.width !== columns || decoded.height !== rows || decoded.components !== 1 || decoded.samples.length < pixels) {
        return refuse(`${where} decodes to ${decoded.width}×${decoded.height}×${decoded.components} but the header says ${columns}×${rows}×1`);
      }
      stored.push(signedValues(decoded.samples, bitsStored, signed));
    }
  }
  const header = {
    file,
    transferSyntax: syntaxUid,
    sopClassUid: data.string('x00080016') ?? '',
    modality: data.string('x00080060') ?? '',
    seriesUid: data.string('x0020000e') ?? '(no series uid)',
    rows,
    columns,
    instanceNumber: data.intString('x00200013') ?? 0,
    sopUid: data.string('x00080018') ?? '',
  };
  return stored.map((values, k) => {
    const [slope = 1, intercept = 0] = frameAttribute(data, k, 'x00289145', (d) => {
      const pair = [d.floatString('x00281053'), d.floatString('x00281052')];
      return pair.every((v) => v !== undefined && Number.isFinite(v)) ? (pair as number[]) : undefined;
    }) ?? [1, 0];
    const out = new Float32Array(pixels);
    for (let i = 0; i < pixels; i++) out[i] = values[i]! * slope + intercept;
    return {
      ...header,
      frameNumber: k + 1,
      pixelSpacing: (frameAttribute(data, k, 'x00289110', numbers('x00280030', 2)) ?? [1, 1]) as [number, number],
      imagePosition: (frameAttribute(data, k, 'x00209113', numbers('x00200032', 3)) ?? [0, 0, 0]) as [number, number, number],
      imageOrientation: (frameAttribute(data, k, 'x00209116', numbers('x00200037', 6)) ?? [1, 0, 0, 0, 1, 0]) as DicomSlice['imageOrientation'],
      rescaleSlope: slope,
      rescaleIntercept: intercept,
      values: out,
    };
  });
}

/** The stored values in native (uncompressed) sample bytes: 8- or 16-bit, signed or not, either byte order. */
function storedSamples(bytes: Uint8Array, bits: number, signed: boolean, little: boolean): Int8Array | Uint8Array | Int16Array | Uint16Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = bits === 8 ? bytes.length : bytes.length >> 1;
  const out = bits === 8 ? (signed ? new Int8Array(count) : new Uint8Array(count)) : signed ? new Int16Array(count) : new Uint16Array(count);
  for (let i = 0; i < count; i++) out[i] = bits === 8 ? (signed ? view.getInt8(i) : view.getUint8(i)) : signed ? view.getInt16(2 * i, little) : view.getUint16(2 * i, little);
  return out;
}

/**
 * Stored values of decoded samples as DICOM means them: a codec hands back the bit pattern
 * of each sample, which for signed data of fewer than 16 bits is sign-extended from BitsStored.
 */
function signedValues(samples: ArrayLike<number>, bitsStored: number, signed: boolean): ArrayLike<number> {
  if (!signed) return samples;
  const shift = 32 - bitsStored;
  const out = new Int32Array(samples.length); // a loop: Int32Array.from(samples, fn) is ~50× slower
  for (let i = 0; i < out.length; i++) out[i] = (samples[i]! << shift) >> shift;
  return out;
}
