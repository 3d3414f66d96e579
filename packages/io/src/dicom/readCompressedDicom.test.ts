import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/testVolumes.js';
import { readDicomFile } from './readDicomFile.js';
import { readDicomFolder } from './readDicomSeries.js';
import { TRANSFER_SYNTAXES } from './transferSyntaxes.js';

/** Fixtures compressed by DCMTK, GDCM and OpenJPH, and by others in pydicom's test data (test/fixtures/compressed/README.md). */
const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures/compressed');
const source = (k: number) => join(FIXTURES, 'source', `ct16-${k}.dcm`);
const slice = async (file: string) => (await readDicomFile(file))[0]!;

/** Largest |a − b| over two images of the same size. */
function maxDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

/** A gzipped reference file, unpacked to a temp folder. */
function gunzipped(name: string): string {
  const file = join(tempDir(), name);
  writeFileSync(file, gunzipSync(readFileSync(join(FIXTURES, 'reference', `${name}.gz`))));
  return file;
}

describe('compressed DICOM decodes to the uncompressed values', () => {
  const lossless: [string, string][] = [
    ['jpeg-lossless-sv1', '1.2.840.10008.1.2.4.70'],
    ['jpeg-lossless-sv6', '1.2.840.10008.1.2.4.57'],
    ['jpegls-lossless', '1.2.840.10008.1.2.4.80'],
    ['gdcm-jpegls', '1.2.840.10008.1.2.4.80'],
    ['j2k-lossless', '1.2.840.10008.1.2.4.90'],
    ['htj2k-lossless', '1.2.840.10008.1.2.4.201'],
    ['rle', '1.2.840.10008.1.2.5'],
    ['deflated', '1.2.840.10008.1.2.1.99'],
  ];
  it.each(lossless)('%s (%s): every value equals the source', async (name, syntax) => {
    for (const k of [1, 2, 3]) {
      const decoded = await slice(join(FIXTURES, 'series', name, `${k}.dcm`));
      expect(decoded.transferSyntax).toBe(syntax);
      expect(maxDifference(decoded.values, (await slice(source(k))).values)).toBe(0);
    }
  });

  // Lossy syntaxes: within the codec's stated error of the source where it states one (JPEG-LS
  // NEAR), and against what the encoder's own toolkit decodes from the same file: the same
  // values where both use the same library, ±1 where the inverse DCTs differ in rounding.
  const lossy: [string, string, number, number][] = [
    ['jpegls-near2', '1.2.840.10008.1.2.4.81', 0, 2],
    ['j2k-lossy', '1.2.840.10008.1.2.4.91', 0, Infinity],
    ['htj2k-lossy', '1.2.840.10008.1.2.4.203', 1, Infinity],
    ['jpeg-extended', '1.2.840.10008.1.2.4.51', 1, Infinity],
    ['jpeg-baseline', '1.2.840.10008.1.2.4.50', 1, Infinity],
  ];
  it.each(lossy)('%s (%s): within %i of the encoder’s own decoding', async (name, syntax, ofReference, ofSource) => {
    for (const k of [1, 2, 3]) {
      const decoded = await slice(join(FIXTURES, 'series', name, `${k}.dcm`));
      expect(decoded.transferSyntax).toBe(syntax);
      const reference = await slice(join(FIXTURES, 'decoded', name, `${k}.dcm`));
      expect(maxDifference(decoded.values, reference.values) / reference.rescaleSlope).toBeLessThanOrEqual(ofReference);
      if (ofSource < Infinity) expect(maxDifference(decoded.values, (await slice(source(k))).values)).toBeLessThanOrEqual(ofSource);
    }
  });

  it('reads files compressed by other software (pydicom’s test data)', async () => {
    const mr = await slice(join(FIXTURES, '../real/dicom/MR_small.dcm'));
    for (const name of ['MR_small_jp2klossless.dcm', 'MR_small_jpeg_ls_lossless.dcm']) expect(maxDifference((await slice(join(FIXTURES, 'pydicom', name))).values, mr.values)).toBe(0);
    expect(maxDifference((await slice(join(FIXTURES, 'pydicom', 'image_dfl.dcm'))).values, (await slice(gunzipped('image_dfl.dcm'))).values)).toBe(0);
    const extended = await slice(join(FIXTURES, 'pydicom', 'JPGExtended.dcm')); // 12-bit DCT
    expect(extended.transferSyntax).toBe('1.2.840.10008.1.2.4.51');
    expect(maxDifference(extended.values, (await slice(gunzipped('JPGExtended.dcm'))).values)).toBeLessThanOrEqual(1);
  });

  it('reads a multi-frame Enhanced CT object as one volume, sorted by its per-frame positions', async () => {
    const plain = await readDicomFolder(join(FIXTURES, 'source'));
    const stacked = plain.series.find((s) => s.volume.dims[2] === 3 && s.volume.data.length === 64 * 64 * 3 && s.sopUids.length === 3 && !s.seriesUid.endsWith('8'));
    for (const name of ['enhanced-ct', 'enhanced-ct-jpegls']) {
      const frames = await readDicomFile(join(FIXTURES, 'series', name, '1.dcm'));
      expect(frames.map((f) => f.frameNumber)).toEqual([1, 2, 3]);
      expect(frames.map((f) => f.imagePosition[2])).toEqual([10, 0, 5]); // written out of order on purpose
      const { series } = await readDicomFolder(join(FIXTURES, 'series', name));
      expect(series).toHaveLength(1);
      const volume = series[0]!.volume;
      expect(volume.dims).toEqual([64, 64, 3]);
      expect(volume.spacing).toEqual([0.5, 0.5, 5]);
      const sources = await Promise.all([1, 2, 3].map((k) => slice(source(k))));
      sources.forEach((s, z) => expect(maxDifference(Float32Array.from(volume.data.subarray(z * 4096, (z + 1) * 4096)), s.values)).toBe(0));
      expect(stacked?.volume.affine).toEqual(volume.affine);
    }
  });

  it('knows every syntax the fixtures use', () => {
    const used = new Set(readdirSync(join(FIXTURES, 'series')));
    expect(used.size).toBeGreaterThanOrEqual(15);
    expect(Object.keys(TRANSFER_SYNTAXES)).toHaveLength(16);
  });
});

describe('hostile compressed DICOM is refused with one line naming the file', () => {
  const hostile = (name: string, bytes: Buffer) => {
    const file = join(tempDir(), name);
    writeFileSync(file, bytes);
    return file;
  };
  const multiFrame = () => readFileSync(join(FIXTURES, 'series', 'enhanced-ct-jpegls', '1.dcm'));
  /** The three Basic Offset Table entries (0, 3750, 7470) of the multi-frame JPEG-LS fixture. */
  const offsetTableAt = (bytes: Buffer) => bytes.indexOf(Buffer.from([0xfe, 0xff, 0x00, 0xe0, 12, 0, 0, 0, 0, 0, 0, 0, 0xa6, 0x0e, 0, 0])) + 8;

  it.each(['jpegls-lossless', 'j2k-lossless', 'htj2k-lossless', 'jpeg-lossless-sv1', 'jpeg-extended', 'rle'])('a %s file cut inside its pixel data', async (name) => {
    const bytes = readFileSync(join(FIXTURES, 'series', name, '1.dcm'));
    const file = hostile('cut.dcm', bytes.subarray(0, bytes.length - 900));
    await expect(readDicomFile(file)).rejects.toThrow(new RegExp(`^${file}: .*truncated`));
  });

  it('a Basic Offset Table that points between fragments, or out of order', async () => {
    const lying = multiFrame();
    lying.writeUInt32LE(3740, offsetTableAt(lying) + 4);
    await expect(readDicomFile(hostile('lying.dcm', lying))).rejects.toThrow(/lying\.dcm: the Basic Offset Table \(3 entries for 3 frames\) does not point at the fragments \(entry 1: 3740\)/);
    const swapped = multiFrame();
    const table = offsetTableAt(swapped);
    swapped.writeUInt32LE(7470, table + 4);
    swapped.writeUInt32LE(3750, table + 8);
    await expect(readDicomFile(hostile('swapped.dcm', swapped))).rejects.toThrow(/swapped\.dcm: the Basic Offset Table .* \(entry 2: 3750\)/);
  });

  it('a frame whose codestream is garbage', async () => {
    const bytes = multiFrame();
    const second = bytes.indexOf(Buffer.from([0xff, 0xd8]), offsetTableAt(bytes) + 3750 + 20);
    bytes.fill(0x5a, second + 30, second + 400);
    await expect(readDicomFile(hostile('garbage.dcm', bytes))).rejects.toThrow(/garbage\.dcm: frame 2 of 3 does not decode as JPEG-LS Lossless/);
  });

  it('a series mixing transfer syntaxes: refused naming the odd file', async () => {
    const dir = tempDir();
    copyFileSync(join(FIXTURES, 'series', 'jpegls-lossless', '1.dcm'), join(dir, '1.dcm'));
    copyFileSync(join(FIXTURES, 'series', 'jpegls-lossless', '2.dcm'), join(dir, '2.dcm'));
    copyFileSync(join(FIXTURES, 'series', 'j2k-lossless', '3.dcm'), join(dir, '3.dcm'));
    await expect(readDicomFolder(dir)).rejects.toThrow(new RegExp(`^${join(dir, '3.dcm')}: transfer syntax 1\\.2\\.840\\.10008\\.1\\.2\\.4\\.90 in series`));
  });
});
