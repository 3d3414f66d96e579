import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, testVolume } from '../../test/support/testVolumes.js';
import { writeNifti } from '../nifti/writeNifti.js';
import type { Volume } from '@hemocam/core';
import { openDataset } from './openDataset.js';

const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures/real');

/** A mask on the test volume's grid, positive on the given slices. */
function mask(slices: number[], value = 1): Volume {
  const v = testVolume();
  const data = new Uint8Array(v.data.length);
  for (const z of slices) data[z * 256 + 8 * 16 + 8] = value;
  return { ...v, data };
}

async function pair(root: string, images: string, masks: string, ext = '.nii.gz', multiClass = 1) {
  await writeNifti(join(root, images, `a${ext}`), testVolume(), 'image');
  await writeNifti(join(root, images, `b${ext}`), testVolume(), 'image');
  await writeNifti(join(root, masks, `a${ext}`), mask([1, 3], multiClass), 'mask');
  await writeNifti(join(root, masks, `b${ext}`), mask([]), 'mask');
}

describe('openDataset', () => {
  it('MICCAI 2022 INSTANCE: data/ and label/, slice labels derived from the masks', async () => {
    const root = tempDir();
    await pair(root, 'data', 'label');
    const d = await openDataset(root);
    expect(d.layout).toBe('instance2022');
    expect(d.cases.map((c) => [c.id, c.labels])).toEqual([
      ['a', { slices: [0, 1, 0, 1], scan: 1 }],
      ['b', { slices: [0, 0, 0, 0], scan: 0 }],
    ]);
    expect(d.masks.get('a')?.path).toBe(join(root, 'label', 'a.nii.gz'));
    expect(JSON.stringify(d.cases)).not.toContain('label/'); // the training side never sees a mask path
  });

  it('BHSD: images/ and "ground truths/" with multi-class masks made binary', async () => {
    const root = tempDir();
    await pair(root, 'images', 'ground truths', '.nii.gz', 4);
    const d = await openDataset(root);
    expect(d.layout).toBe('bhsd');
    expect(d.cases[0]?.labels).toEqual({ slices: [0, 1, 0, 1], scan: 1 });
    expect(d.masks.get('a')).toEqual({ path: join(root, 'ground truths', 'a.nii.gz'), binarize: true });
  });

  it('PhysioNet CT-ICH: ct_scans/, masks/ and the per-slice diagnosis CSV (1-based slices)', async () => {
    const root = tempDir();
    await writeNifti(join(root, 'ct_scans', '049.nii'), testVolume(), 'image');
    await writeNifti(join(root, 'masks', '049.nii'), mask([2]), 'mask');
    writeFileSync(
      join(root, 'hemorrhage_diagnosis_raw_ct.csv'),
      [
        'PatientNumber,SliceNumber,Intraventricular,Intraparenchymal,Subarachnoid,Epidural,Subdural,No_Hemorrhage,Fracture_Yes_No',
        '49,1,0,0,0,0,0,1,0',
        '49,2,0,0,0,0,0,1,0',
        '49,3,0,1,0,0,0,0,0',
        '49,4,0,0,0,0,0,1,0',
      ].join('\n'),
    );
    const d = await openDataset(root);
    expect(d.layout).toBe('physionet-ct-ich');
    expect(d.cases).toEqual([{ id: '049', path: join(root, 'ct_scans', '049.nii'), labels: { slices: [0, 0, 1, 0], scan: 1 } }]);
    expect(d.masks.has('049')).toBe(true);
  });

  it("hemocam's dataset.json with splits and CSV labels; paths may not leave the folder", async () => {
    const root = tempDir();
    await writeNifti(join(root, 'images', 'x.nii.gz'), testVolume(), 'image');
    writeFileSync(join(root, 'dataset.json'), JSON.stringify({ cases: [{ id: 'x', image: 'images/x.nii.gz', label: 'labels/x.nii.gz', split: 'test' }] }));
    writeFileSync(join(root, 'slice_labels.csv'), 'case_id,slice,label\nx,0,0\nx,1,1\n');
    const d = await openDataset(root);
    expect(d.cases).toEqual([{ id: 'x', path: join(root, 'images', 'x.nii.gz'), split: 'test', labels: { slices: [0, 1], scan: undefined } }]);
    writeFileSync(join(root, 'dataset.json'), JSON.stringify({ cases: [{ id: 'x', image: '../../etc/passwd' }] }));
    await expect(openDataset(root)).rejects.toThrow(/leaves the dataset folder/);
  });

  it('RSNA 2019: DICOM slices grouped into series, ordered by position, labelled from *_any rows', async () => {
    const root = tempDir();
    const source = readFileSync(join(FIXTURES, 'dicom', 'CT_small.dcm'));
    const at = source.indexOf(Buffer.from('-75.699997'));
    mkdirSync(join(root, 'stage_2_train'));
    const rows = ['ID,Label'];
    [2, 0, 1].forEach((k, n) => {
      const copy = Buffer.from(source);
      copy.write((-75.699997 + 5 * k).toFixed(6).padStart(10, ' '), at, 'latin1');
      writeFileSync(join(root, 'stage_2_train', `ID_${n}.dcm`), copy);
      rows.push(`ID_${n}_epidural,0`, `ID_${n}_any,${k === 1 ? 1 : 0}`);
    });
    writeFileSync(join(root, 'stage_2_train.csv'), rows.join('\n'));
    writeFileSync(join(root, 'stage_2_train', 'README.txt'), 'not an image');
    const d = await openDataset(root);
    expect(d.layout).toBe('rsna2019');
    expect(d.cases).toHaveLength(1);
    expect(d.cases[0]?.dicomFiles?.map((f) => f.split('/').pop())).toEqual(['ID_1.dcm', 'ID_2.dcm', 'ID_0.dcm']);
    expect(d.cases[0]?.labels).toEqual({ slices: [0, 1, 0], scan: 1 });
  });

  it('a plain folder of NIfTI files, a single file, and a folder of DICOM series', async () => {
    const root = tempDir();
    await writeNifti(join(root, 'p1.nii.gz'), testVolume(), 'image');
    expect((await openDataset(root)).cases.map((c) => c.id)).toEqual(['p1']);
    expect((await openDataset(join(root, 'p1.nii.gz'))).cases).toEqual([{ id: 'p1', path: join(root, 'p1.nii.gz') }]);
    const dicom = tempDir();
    mkdirSync(join(dicom, 'patientA'));
    copyFileSync(join(FIXTURES, 'dicom', 'CT_small.dcm'), join(dicom, 'patientA', '1.dcm'));
    const d = await openDataset(dicom);
    expect(d.cases).toEqual([{ id: 'patientA', path: join(dicom, 'patientA'), dicomFiles: [join(dicom, 'patientA', '1.dcm')] }]);
  });

  it('says what it found when there is nothing to read', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'notes.txt'), 'x');
    await expect(openDataset(root)).rejects.toThrow(/no cases found \(layout plain; it holds notes\.txt\)/);
    await expect(openDataset(join(root, 'missing'))).rejects.toThrow(/does not exist/);
    await expect(openDataset(join(root, 'notes.txt'))).rejects.toThrow(/is not a NIfTI file/);
  });
});
