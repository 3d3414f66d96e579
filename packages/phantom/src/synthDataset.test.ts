import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNifti } from '@hemocam/io';
import { synthDataset } from './synthDataset.js';

const temp = () => mkdtempSync(join(tmpdir(), 'hemocam-synth-'));

describe('synthDataset', () => {
  it('writes images, labels, CSVs and dataset.json; same seed, same bytes', async () => {
    const [a, b] = [temp(), temp()];
    const options = { cases: 4, seed: 1, size: 32, slices: 8 };
    await synthDataset({ ...options, out: a });
    await synthDataset({ ...options, out: b });
    const files = (dir: string) => [
      'dataset.json',
      'slice_labels.csv',
      'case_labels.csv',
      ...readdirSync(join(dir, 'images')).map((f) => `images/${f}`),
      ...readdirSync(join(dir, 'labels')).map((f) => `labels/${f}`),
    ];
    expect(files(a)).toHaveLength(11);
    for (const f of files(a)) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);

    const manifest = JSON.parse(readFileSync(join(a, 'dataset.json'), 'utf8')) as { cases: { split: string; image: string; label: string }[] };
    expect(manifest.cases.map((c) => c.split).sort()).toEqual(['test', 'train', 'train', 'val']);
    const image = await readNifti(join(a, manifest.cases[0]!.image));
    const label = await readNifti(join(a, manifest.cases[0]!.label));
    expect(image.info.datatype).toBe('int16');
    expect(label.info.datatype).toBe('uint8');
    expect(label.affine).toEqual(image.affine);
    const rows = readFileSync(join(a, 'slice_labels.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('case_id,slice,label');
    expect(rows).toHaveLength(1 + 4 * 8);
  });

  it('refuses to write into a folder that is not empty unless forced', async () => {
    const dir = temp();
    await synthDataset({ out: dir, cases: 1, seed: 2, size: 16, slices: 4 });
    await expect(synthDataset({ out: dir, cases: 1, seed: 2, size: 16, slices: 4 })).rejects.toMatchObject({ code: 'EXISTS' });
    await synthDataset({ out: dir, cases: 1, seed: 2, size: 16, slices: 4, force: true });
  });
});
