import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeTestDataset } from '../../test/support/testVolumes.js';
import { listCases } from './listCases.js';

describe('listCases', () => {
  it('reads images/ with slice and scan labels, never masks', async () => {
    const dir = await writeTestDataset(2);
    writeFileSync(join(dir, 'case_labels.csv'), 'case_id,label\ncase00,1\ncase01,0\n');
    const cases = listCases(dir);
    expect(cases.map((c) => c.id)).toEqual(['case00', 'case01']);
    expect(cases[0].labels).toEqual({ slices: [0, 1, 1, 0], scan: 1 });
    expect(cases[1].labels).toEqual({ slices: [0, 0, 0, 0], scan: 0 });
    expect(listCases(join(dir, 'images', 'case01.nii.gz'))).toEqual([{ id: 'case01', path: join(dir, 'images', 'case01.nii.gz') }]);
  });

  it('names the path when there is nothing to read', () => {
    const dir = tempDir();
    expect(() => listCases(dir)).toThrow(new RegExp(`${dir} holds no .nii`));
    expect(() => listCases(join(dir, 'nope'))).toThrow(/does not exist/);
    writeFileSync(join(dir, 'notes.txt'), 'x');
    expect(() => listCases(join(dir, 'notes.txt'))).toThrow(/is not a NIfTI file/);
  });

  it('refuses a labels file without the expected columns', async () => {
    const dir = await writeTestDataset(1);
    writeFileSync(join(dir, 'slice_labels.csv'), 'id,z,y\na,1,0\n');
    expect(() => listCases(dir)).toThrow(/slice_labels\.csv: missing columns case_id, slice, label/);
  });
});
