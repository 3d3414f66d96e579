import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HemocamError } from '@hemocam/core';
import { volumeStats } from '@hemocam/imaging';
import { testVolume, tempDir } from '../../test/support/testVolumes.js';
import { encodeNifti, writeNifti } from './writeNifti.js';
import { parseNifti, readNifti } from './readNifti.js';

const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures/real');

/** What nibabel read from each fixture (expected.json). */
interface ExpectedNifti {
  niftiVersion: number;
  shape: number[];
  zooms: number[];
  affine: number[][];
  min: number;
  max: number;
  mean: number;
  firstVoxel: number;
  lastVoxel: number;
}

describe('readNifti on real files written by other software', () => {
  const expected = (JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as { nifti: Record<string, ExpectedNifti> }).nifti;
  it.each(Object.keys(expected))('%s matches nibabel', async (name) => {
    const e = expected[name]!;
    const volume = await readNifti(join(FIXTURES, 'nifti', name));
    expect(volume.info.niftiVersion).toBe(e.niftiVersion);
    expect([...volume.dims, ...(volume.frames > 1 ? [volume.frames] : [])]).toEqual(e.shape);
    volume.spacing.forEach((s, i) => expect(s).toBeCloseTo(e.zooms[i]!, 5));
    for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) expect(volume.affine[r]![c]).toBeCloseTo(e.affine[r]![c]!, 4);
    const stats = volumeStats(volume.data);
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));
    expect(rel(stats.min, e.min)).toBeLessThan(1e-6);
    expect(rel(stats.max, e.max)).toBeLessThan(1e-6);
    expect(rel(stats.mean, e.mean)).toBeLessThan(1e-6);
    expect(rel(volume.data[0]!, e.firstVoxel)).toBeLessThan(1e-6);
    expect(rel(volume.data[volume.data.length - 1]!, e.lastVoxel)).toBeLessThan(1e-6);
  });

  it('has the fixtures (in the repository)', () => {
    expect(existsSync(join(FIXTURES, 'nifti', 'anatomical.nii'))).toBe(true);
  });
});

describe('NIfTI round trip', () => {
  it.each(['image', 'mask', 'heatmap'] as const)('a %s keeps dims, spacing, affine and values', async (kind) => {
    const source = testVolume([12, 10, 3]);
    const data = kind === 'image' ? source.data : kind === 'mask' ? Uint8Array.from(source.data, (v) => (v > 60 ? 1 : 0)) : Float32Array.from(source.data, (v) => v / 1000);
    const file = join(tempDir(), `out_${kind}.nii.gz`);
    await writeNifti(file, { ...source, data }, kind);
    const back = await readNifti(file);
    expect(back.dims).toEqual([12, 10, 3]);
    expect(back.spacing).toEqual([0.44999998807907104, 0.44999998807907104, 5].map((s) => Math.fround(s)));
    expect(back.affine.flat()).toEqual(source.affine.flat().map((v) => Math.fround(v)));
    expect(back.orientation).toBe('LAS');
    expect(back.info.datatype).toBe({ image: 'int16', mask: 'uint8', heatmap: 'float32' }[kind]);
    expect(Array.from(back.data)).toEqual(Array.from(data, (v) => Math.fround(v)));
  });

  it('derives a qform equal to the affine when the source had none', async () => {
    const source = testVolume([8, 8, 2]);
    const bytes = encodeNifti(source, 'image');
    new DataView(bytes.buffer).setInt16(254, 0, true); // drop the sform: the reader falls back to the qform
    const back = parseNifti(bytes, 'qform-only.nii');
    for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) expect(back.affine[r]![c]).toBeCloseTo(source.affine[r]![c]!, 4);
  });

  it('keeps the qform of the source file it came from', async () => {
    const source = await readNifti(join(FIXTURES, 'nifti', 'example_nifti2.nii.gz'));
    const first = { ...source, frames: 1, data: source.data.slice(0, source.dims[0] * source.dims[1] * source.dims[2]) };
    const bytes = encodeNifti(first, 'image');
    const back = parseNifti(bytes, 'copy.nii');
    expect(back.source?.quatern?.map((q) => Math.fround(q))).toEqual(source.source?.quatern?.map((q) => Math.fround(q)));
    expect(back.source?.qformCode).toBe(source.source?.qformCode);
  });

  it('refuses values an integer kind cannot hold instead of wrapping them', () => {
    const source = testVolume([4, 4, 1], []);
    expect(() => encodeNifti({ ...source, data: Float32Array.from(source.data, () => 300) }, 'mask')).toThrow(/cannot hold/);
  });
});

describe('corrupted NIfTI is refused before allocating, naming the file', () => {
  const good = () => encodeNifti(testVolume([8, 8, 2]), 'image');
  const expectInputError = (bytes: Uint8Array, pattern: RegExp) => {
    const attempt = () => parseNifti(bytes, '/data/bad.nii');
    expect(attempt).toThrow(HemocamError);
    expect(attempt).toThrow(/\/data\/bad\.nii/);
    expect(attempt).toThrow(pattern);
  };
  it('a truncated file', () => expectInputError(good().slice(0, 400), /truncated/));
  it('a truncated gzip stream', () => expectInputError(gzipSync(good()).subarray(0, 60), /gzip/));
  it('garbage', () => expectInputError(new TextEncoder().encode('not an image at all '.repeat(30)), /not a NIfTI/));
  it('an empty file', () => expectInputError(new Uint8Array(0), /not a NIfTI/));
  it('a zero dimension', () => {
    const bytes = good();
    new DataView(bytes.buffer).setInt16(42, 0, true);
    expectInputError(bytes, /must all be positive/);
  });
  it('a negative dimension', () => {
    const bytes = good();
    new DataView(bytes.buffer).setInt16(44, -5, true);
    expectInputError(bytes, /must all be positive/);
  });
  it('absurd dimensions', () => {
    const bytes = good();
    const view = new DataView(bytes.buffer);
    [1, 2, 3].forEach((i) => view.setInt16(40 + i * 2, 32000, true));
    expectInputError(bytes, /more than hemocam reads/);
  });
  it('an unsupported datatype', () => {
    const bytes = good();
    new DataView(bytes.buffer).setInt16(70, 32, true); // complex64
    expectInputError(bytes, /not supported/);
  });
  it('a missing file', async () => {
    await expect(readNifti('/nonexistent/scan.nii.gz')).rejects.toThrow(/cannot read \/nonexistent\/scan\.nii\.gz/);
  });
  it('a file on disk, through readNifti', async () => {
    const file = join(tempDir(), 'cut.nii');
    writeFileSync(file, good().slice(0, 500));
    await expect(readNifti(file)).rejects.toThrow(/cut\.nii.*truncated/);
  });
});
