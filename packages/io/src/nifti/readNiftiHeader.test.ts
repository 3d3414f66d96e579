import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, testVolume } from '../../test/support/testVolumes.js';
import { readNiftiDims } from './readNiftiHeader.js';
import { writeNifti } from './writeNifti.js';

describe('readNiftiDims', () => {
  it('reads dims from the header of .nii and .nii.gz files', async () => {
    const dir = tempDir();
    await writeNifti(join(dir, 'a.nii.gz'), testVolume([64, 48, 6]), 'image');
    await writeNifti(join(dir, 'a.nii'), testVolume([10, 12, 3]), 'image');
    expect(await readNiftiDims(join(dir, 'a.nii.gz'))).toEqual([64, 48, 6]);
    expect(await readNiftiDims(join(dir, 'a.nii'))).toEqual([10, 12, 3]);
  });

  it('names a file that is not NIfTI', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.nii.gz'), Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    await expect(readNiftiDims(join(dir, 'x.nii.gz'))).rejects.toThrow(/x\.nii\.gz: cannot read its header/);
  });
});
