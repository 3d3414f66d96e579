import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDataset } from '../datasets/openDataset.js';
import { HemocamError, createRng } from '@hemocam/core';
import { readNifti } from './readNifti.js';
import { plainVolume } from '../../test/support/testVolumes.js';
import { writeNifti } from './writeNifti.js';

// Seeded, bounded fuzzing (slow tier): every outcome is a read that keeps the reader's
// invariants, or an INPUT error whose one line names the file — never another exception.
const dir = mkdtempSync(join(tmpdir(), 'hemocam-fuzz-'));
const source = join(dir, 'source.nii');
await writeNifti(
  source,
  plainVolume(
    Int16Array.from({ length: 5 * 4 * 3 }, (_, i) => i - 20),
    [5, 4, 3],
    [0.5, 0.5, 2],
  ),
  'image',
);
const original = readFileSync(source);

function expectRefusal(error: unknown, file: string): void {
  expect(error, String(error)).toBeInstanceOf(HemocamError);
  expect((error as HemocamError).code).toBe('INPUT');
  expect((error as HemocamError).message).toContain(file);
  expect((error as HemocamError).message).not.toContain('\n');
}

describe('fuzz (seeded, bounded)', () => {
  it('NIfTI headers: 400 files with random header fields, random bytes or a random length', async () => {
    const random = createRng(2026, 'fuzz-nifti');
    const started = Date.now();
    let read = 0;
    for (let n = 0; n < 400 && Date.now() - started < 60_000; n++) {
      const bytes = Uint8Array.from(original);
      const view = new DataView(bytes.buffer);
      for (let k = 0; k < 1 + Math.floor(random() * 4); k++) {
        const at = Math.floor(random() * 352);
        const kind = random();
        // Random bytes, or a field-sized float/int that is special (NaN, ±Inf, 0, negative, huge).
        const special = [NaN, Infinity, -Infinity, 0, -1, 1e30, 348, 351, 1e-30][Math.floor(random() * 9)]!;
        if (kind < 0.4) bytes[at] = Math.floor(random() * 256);
        else if (kind < 0.8) view.setFloat32(at & ~3, special, true);
        else view.setInt16(at & ~1, Math.floor(random() * 65536) - 32768, true);
      }
      const length = random() < 0.2 ? Math.floor(random() * bytes.length) : bytes.length;
      const file = join(dir, `f${n}.nii`);
      writeFileSync(file, bytes.subarray(0, length));
      try {
        const volume = await readNifti(file);
        read++;
        const [nx, ny, nz] = volume.dims;
        expect(volume.data.length).toBe(nx * ny * nz * volume.frames);
        expect(volume.spacing.every((s) => Number.isFinite(s) && s > 0)).toBe(true);
        expect(volume.affine.flat().every(Number.isFinite)).toBe(true);
      } catch (error) {
        expectRefusal(error, file);
      }
    }
    expect(read).toBeGreaterThan(0); // some mutations are harmless: the readers are not just refusing everything
  }, 90_000);

  it('label CSVs: 300 tables of random rows', async () => {
    const random = createRng(2026, 'fuzz-csv');
    const root = join(dir, 'csv');
    mkdirSync(root);
    for (const id of ['a', 'b']) await writeNifti(join(root, `${id}.nii.gz`), plainVolume(new Int16Array(4 * 4 * 3).fill(30), [4, 4, 3]), 'image');
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    for (let n = 0; n < 300; n++) {
      const rows = Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
        [pick(['a', 'b', 'zz', '', 'a ']), pick(['0', '1', '2', '-1', '2.5', 'abc', '', '99']), pick(['0', '1', 'maybe', '', '2', '1.0'])].join(','),
      );
      writeFileSync(join(root, 'slice_labels.csv'), ['case_id,slice,label', ...rows].join('\n') + '\n');
      try {
        const listing = await openDataset(root);
        for (const c of listing.cases) for (const v of c.labels?.slices ?? []) expect([0, 1]).toContain(v);
      } catch (error) {
        expectRefusal(error, join(root, 'slice_labels.csv'));
        expect((error as HemocamError).message).toMatch(/line/);
      }
    }
  });
});
