import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HemocamError, type Volume } from '@hemocam/core';
import { readNifti } from '../nifti/readNifti.js';
import { writeNifti } from '../nifti/writeNifti.js';
import { plainVolume } from '../../test/support/testVolumes.js';
import { openDataset } from './openDataset.js';

const scan: Volume = plainVolume(new Int16Array(4 * 4 * 3).fill(30), [4, 4, 3]);

/** A plain dataset folder with cases a and b and the given slice_labels.csv body. */
async function folder(sliceCsv: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'hemocam-ds-'));
  for (const id of ['a', 'b']) await writeNifti(join(dir, `${id}.nii.gz`), scan, 'image');
  writeFileSync(join(dir, 'slice_labels.csv'), `case_id,slice,label\n${sliceCsv}`);
  return dir;
}

async function refused(dir: string): Promise<string> {
  const error = await openDataset(dir).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HemocamError);
  expect((error as HemocamError).code).toBe('INPUT');
  return (error as HemocamError).message;
}

describe('label CSVs and case ids: refused with file and line, never read silently', () => {
  it.each([
    ['a slice that is a fraction', 'a,0,1\na,2.5,1\n', /slice_labels\.csv line 3: slice '2\.5' is not a slice index/],
    ['a negative slice', 'a,-1,0\n', /line 2: slice '-1' is not a slice index/],
    ['a slice that is a word', 'a,abc,0\n', /line 2: slice 'abc' is not a slice index/],
    ['a slice beyond any scan', 'a,999999999999,1\n', /line 2: slice 999999999999 is beyond any scan/],
    ['a label that is not 0/1', 'a,0,maybe\n', /line 2: label 'maybe' must be 0 or 1/],
    ['a label of 2', 'b,1,2\n', /line 2: label '2' must be 0 or 1/],
    ['two rows that disagree', 'a,1,1\nb,0,0\na,1,0\n', /lines 2 and 4 give slice 1 of a the labels 1 and 0; keep one/],
  ])('%s', async (_what, csv, message) => {
    const dir = await folder(csv);
    const text = await refused(dir);
    expect(text).toContain(join(dir, 'slice_labels.csv'));
    expect(text).toMatch(message);
  });

  it('agreeing duplicates are fine; rows of unknown cases are ignored with one notice that counts them', async () => {
    const listing = await openDataset(await folder('a,0,1\na,0,1\nzz,0,1\nzz,1,0\nb,2,1\n'));
    expect(listing.cases.map((c) => [c.id, c.labels?.slices])).toEqual([
      ['a', [1]],
      ['b', [0, 0, 1]],
    ]);
    expect(listing.notices).toEqual([expect.stringMatching(/2 label row\(s\) name cases that are not in the folder \(e\.g\. zz\); they are ignored/)]);
  });

  it('two files of one case id are refused naming both', async () => {
    const dir = await folder('');
    await writeNifti(join(dir, 'a.nii'), scan, 'image');
    const message = await refused(dir);
    expect(message).toContain(join(dir, 'a.nii'));
    expect(message).toContain(join(dir, 'a.nii.gz'));
  });

  it('a FIFO is refused at once as an input, skipped in a folder, and never read', async () => {
    const dir = await folder('');
    const fifo = join(dir, 'c.nii.gz');
    execFileSync('mkfifo', [fifo]);
    expect(await refused(fifo)).toMatch(/is not a regular file or a folder \(a FIFO/);
    await expect(readNifti(fifo)).rejects.toThrow(/is not a regular file/);
    expect((await openDataset(dir)).cases.map((c) => c.id)).toEqual(['a', 'b']);
  });
});
