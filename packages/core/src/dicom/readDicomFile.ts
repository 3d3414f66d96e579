import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as DicomParser from 'dicom-parser';
import { HemocamError } from '../errors/HemocamError.js';
import { decodeRle } from './decodeRle.js';

const dicomParser = createRequire(import.meta.url)('dicom-parser') as typeof DicomParser;

/** Transfer syntaxes whose pixel data hemocam reads. */
const NATIVE = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
} as const;

const COMPRESSED: Record<string, string> = {
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.201': 'HTJ2K Lossless',
};

/** One DICOM image (a slice) with its geometry and rescaled values. */
export interface DicomSlice {
  file: string;
  transferSyntax: string;
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

/** A backslash-separated numeric attribute (DS/IS) as numbers; `fallback` when absent or malformed. */
function numbersOf(data: DicomParser.DataSet, tag: string, count: number, fallback: number[]): number[] {
  const parts = (data.string(tag) ?? '').split('\\').map(Number);
  return parts.length === count && parts.every(Number.isFinite) ? parts : fallback;
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

/** Parse one DICOM file; refuse truncated pixel data and unsupported compression with a clear message. */
export function readDicomFile(file: string): DicomSlice {
  let bytes: Buffer;
  try {
    bytes = readRegularFile(file);
  } catch (cause) {
    if (cause instanceof HemocamError) throw cause;
    throw new HemocamError('INPUT', `cannot read ${file}: ${(cause as Error).message}`, { file, cause });
  }
  let data: DicomParser.DataSet;
  try {
    data = dicomParser.parseDicom(bytes);
  } catch (cause) {
    // dicom-parser throws { exception, dataSet } and keeps what it parsed: a file cut inside its
    // pixel data still has its header, and the pixel-length check below names the truncation.
    const partial = (cause as { dataSet?: DicomParser.DataSet }).dataSet;
    if (partial?.elements.x7fe00010) {
      data = partial;
    } else {
      const reason = typeof cause === 'string' ? cause : ((cause as { exception?: string }).exception ?? (cause as Error).message);
      throw new HemocamError('INPUT', `${file}: not a readable DICOM file (${reason})`, { file, cause });
    }
  }
  const syntax = data.string('x00020010') ?? '1.2.840.10008.1.2';
  if (!(syntax in NATIVE)) {
    throw new HemocamError('INPUT', `${file}: transfer syntax ${syntax} (${COMPRESSED[syntax] ?? 'unknown'}) is not supported; decompress the series first (e.g. \`gdcmconv --raw\` or \`dcmdjpeg\`)`, {
      file,
    });
  }
  const rows = data.uint16('x00280010') ?? 0;
  const columns = data.uint16('x00280011') ?? 0;
  const bits = data.uint16('x00280100') ?? 16;
  const signed = data.uint16('x00280103') === 1;
  const samples = data.uint16('x00280002') ?? 1;
  const element = data.elements.x7fe00010;
  if (!element || rows <= 0 || columns <= 0) throw new HemocamError('INPUT', `${file}: no image (rows ${rows}, columns ${columns}, pixel data ${element ? 'present' : 'absent'})`, { file });
  if (samples !== 1 || (bits !== 8 && bits !== 16)) {
    throw new HemocamError('INPUT', `${file}: ${samples} samples of ${bits} bits per pixel; hemocam reads greyscale 8- or 16-bit images`, { file });
  }
  const pixels = rows * columns;
  const bytesPerSample = bits / 8;
  let raw: Uint8Array;
  let littleEndian = syntax !== '1.2.840.10008.1.2.2';
  if (syntax === '1.2.840.10008.1.2.5') {
    if (!element.encapsulatedPixelData) throw new HemocamError('INPUT', `${file}: RLE transfer syntax but the pixel data is not encapsulated`, { file });
    raw = decodeRle(new Uint8Array(dicomParser.readEncapsulatedPixelDataFromFragments(data, element, 0, element.fragments?.length)), pixels, bytesPerSample, file);
    littleEndian = true;
  } else {
    const expected = pixels * bytesPerSample;
    const available = Math.min(element.length, bytes.length - element.dataOffset);
    if (available < expected) {
      throw new HemocamError('INPUT', `${file}: pixel data has ${available} bytes but ${rows}×${columns} ${bits}-bit pixels need ${expected}; the file is truncated`, { file });
    }
    raw = new Uint8Array(bytes.buffer, bytes.byteOffset + element.dataOffset, expected);
  }
  const slope = data.floatString('x00281053') ?? 1;
  const intercept = data.floatString('x00281052') ?? 0;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const values = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) {
    const stored = bits === 8 ? (signed ? view.getInt8(i) : view.getUint8(i)) : signed ? view.getInt16(i * 2, littleEndian) : view.getUint16(i * 2, littleEndian);
    values[i] = stored * slope + intercept;
  }
  return {
    file,
    transferSyntax: syntax,
    modality: data.string('x00080060') ?? '',
    seriesUid: data.string('x0020000e') ?? '(no series uid)',
    rows,
    columns,
    pixelSpacing: numbersOf(data, 'x00280030', 2, [1, 1]) as [number, number],
    imagePosition: numbersOf(data, 'x00200032', 3, [0, 0, 0]) as [number, number, number],
    imageOrientation: numbersOf(data, 'x00200037', 6, [1, 0, 0, 0, 1, 0]) as DicomSlice['imageOrientation'],
    rescaleSlope: slope,
    rescaleIntercept: intercept,
    instanceNumber: data.intString('x00200013') ?? 0,
    sopUid: data.string('x00080018') ?? '',
    values,
  };
}
