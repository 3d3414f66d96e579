import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type * as DicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/testVolumes.js';
import { HemocamError } from '@hemocam/core';
import { volumeStats } from '@hemocam/imaging';
import { readDicomFile } from './readDicomFile.js';
import { readDicomFolder } from './readDicomSeries.js';

const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures/real');
/** What pydicom read from each fixture (expected.json). */
interface ExpectedDicom {
  pixelError?: string;
  transferSyntax: string;
  modality: string;
  rows: number;
  columns: number;
  rescaleSlope: number;
  rescaleIntercept: number;
  pixelSpacing: number[];
  imagePositionPatient: number[];
  min: number;
  max: number;
  mean: number;
  firstValue: number;
}
const expected = (JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as { dicom: Record<string, ExpectedDicom> }).dicom;

describe('readDicomFile on real files written by other software', () => {
  const readable = Object.keys(expected).filter((name) => !expected[name]?.pixelError);
  it.each(readable)('%s matches pydicom', async (name) => {
    const e = expected[name]!;
    const slices = await readDicomFile(join(FIXTURES, 'dicom', name));
    expect(slices).toHaveLength(1);
    const slice = slices[0]!;
    expect(slice.transferSyntax).toBe(e.transferSyntax);
    expect(slice.modality).toBe(e.modality);
    expect([slice.rows, slice.columns]).toEqual([e.rows, e.columns]);
    expect([slice.rescaleSlope, slice.rescaleIntercept]).toEqual([e.rescaleSlope, e.rescaleIntercept]);
    slice.pixelSpacing.forEach((v, i) => expect(v).toBeCloseTo(e.pixelSpacing[i]!, 6));
    slice.imagePosition.forEach((v, i) => expect(v).toBeCloseTo(e.imagePositionPatient[i]!, 4));
    const stats = volumeStats(slice.values);
    expect([stats.min, stats.max]).toEqual([e.min, e.max]);
    expect(stats.mean).toBeCloseTo(e.mean, 6);
    expect(slice.values[0]).toBe(e.firstValue);
  });

  it('refuses the truncated file, as pydicom does, naming it', async () => {
    const attempt = readDicomFile(join(FIXTURES, 'dicom', 'MR_truncated.dcm'));
    await expect(attempt).rejects.toThrow(HemocamError);
    await expect(attempt).rejects.toThrow(/MR_truncated\.dcm: pixel data has 8130 bytes but 64×64 16-bit pixels need 8192; the file is truncated/);
  });

  it('refuses garbage and syntaxes it cannot decode, naming the syntax', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'junk.dcm'), 'definitely not dicom'.repeat(20));
    await expect(readDicomFile(join(dir, 'junk.dcm'))).rejects.toThrow(/junk\.dcm: not a readable DICOM file/);
    const bytes = readFileSync(join(FIXTURES, 'dicom', 'CT_small.dcm'));
    const syntax = Buffer.from('1.2.840.10008.1.2.1\0');
    const at = bytes.indexOf(syntax);
    expect(at).toBeGreaterThan(0);
    bytes.write('1.2.840.10008.1.2.9', at, 'latin1'); // same length, a syntax hemocam does not decode
    writeFileSync(join(dir, 'jpeg.dcm'), bytes.subarray(0, bytes.length));
    await expect(readDicomFile(join(dir, 'jpeg.dcm'))).rejects.toThrow(/jpeg\.dcm: transfer syntax 1\.2\.840\.10008\.1\.2\.9 \(unknown\) is not supported; convert the series/);
  });
});

describe('readDicomFolder', () => {
  it('keeps series apart and skips what is not DICOM', async () => {
    const dir = tempDir();
    copyFileSync(join(FIXTURES, 'dicom', 'CT_small.dcm'), join(dir, 'a.dcm'));
    copyFileSync(join(FIXTURES, 'dicom', 'MR_small.dcm'), join(dir, 'b.dcm'));
    copyFileSync(join(FIXTURES, 'dicom', 'MR_truncated.dcm'), join(dir, 'c.dcm'));
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    mkdirSync(join(dir, 'sub'));
    const result = await readDicomFolder(dir);
    expect(result.series).toHaveLength(2);
    expect(result.series.map((s) => s.volume.dims)).toEqual(
      expect.arrayContaining([
        [128, 128, 1],
        [64, 64, 1],
      ]),
    );
    expect(result.skipped.map((s) => s.file.split('/').pop()).sort()).toEqual(['c.dcm', 'notes.txt']);
  });
});

describe('readDicomFolder stacks a series by position', () => {
  it('sorts slices along the normal, takes spacing from positions, and writes a RAS affine', async () => {
    const source = readFileSync(join(FIXTURES, 'dicom', 'CT_small.dcm'));
    const position = Buffer.from('-75.699997');
    const at = source.indexOf(position);
    expect(at).toBeGreaterThan(0);
    const dicomParser = createRequire(import.meta.url)('dicom-parser') as typeof DicomParser;
    const pixelsAt = dicomParser.parseDicom(source).elements.x7fe00010!.dataOffset;
    const dir = tempDir();
    // Files named against their order; each slice's first pixel stores its z index.
    [3, 0, 2, 1].forEach((k, n) => {
      const copy = Buffer.from(source);
      copy.write((-75.699997 + 5 * k).toFixed(6).padStart(10, ' '), at, 'latin1');
      copy.writeInt16LE(2000 + k, pixelsAt);
      writeFileSync(join(dir, `img${n}.dcm`), copy);
    });
    const { series } = await readDicomFolder(dir);
    expect(series).toHaveLength(1);
    const volume = series[0]!.volume;
    expect(volume.dims).toEqual([128, 128, 4]);
    expect(volume.spacing[2]).toBeCloseTo(5, 4);
    expect([0, 1, 2, 3].map((k) => volume.data[k * 128 * 128])).toEqual([2000, 2001, 2002, 2003].map((v) => v - 1024));
    expect(volume.affine[0][3]).toBeCloseTo(158.135803, 4); // LPS x → RAS -x
    expect(volume.affine[1][3]).toBeCloseTo(179.035797, 4);
    expect(volume.affine[2][3]).toBeCloseTo(-75.699997, 4);
    expect(volume.affine[2][2]).toBeCloseTo(5, 4);
  });
});
