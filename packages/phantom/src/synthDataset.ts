import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HemocamError, createRng, shuffleInPlace, writeFileAtomic, type Progress } from '@hemocam/core';
import { writeNifti } from '@hemocam/io';
import type { PhantomDifficulty } from './phantomParams.js';
import { synthCase } from './synthCase.js';

export interface SynthDatasetOptions {
  out: string;
  cases: number;
  seed: number;
  size?: number;
  slices?: number;
  /** Fraction of cases with hemorrhage (default 0.55). */
  positiveFraction?: number;
  /** Phantom difficulty (default `standard`). */
  difficulty?: PhantomDifficulty;
  force?: boolean;
  progress?: Progress;
}

export interface DatasetCaseEntry {
  id: string;
  image: string;
  label: string;
  split: 'train' | 'val' | 'test';
  positive: boolean;
  subtypes: string[];
  volumeMl: number;
}

/**
 * Write a phantom dataset: images/<id>.nii.gz (int16 HU), labels/<id>.nii.gz (uint8),
 * slice_labels.csv, case_labels.csv and dataset.json with a 70/15/15 split.
 * The same seed and options give the same bytes.
 */
export async function synthDataset(options: SynthDatasetOptions): Promise<DatasetCaseEntry[]> {
  const out = resolve(options.out);
  if (!Number.isInteger(options.cases) || options.cases < 1) throw new HemocamError('USAGE', `--cases must be a positive integer (got ${options.cases})`);
  if (existsSync(out) && readdirSync(out).length > 0 && !options.force) {
    throw new HemocamError('EXISTS', `${options.out} is not empty; choose another --out or pass --force to replace the phantom files in it`, { file: out });
  }
  const fraction = options.positiveFraction ?? 0.55;
  const rng = createRng(options.seed, 'dataset');
  const order = shuffleInPlace(
    Array.from({ length: options.cases }, (_, i) => i),
    rng,
  );
  const nTest = Math.round(options.cases * 0.15);
  const nVal = Math.round(options.cases * 0.15);
  const splitOf = (i: number) => {
    const rank = order.indexOf(i);
    return rank < nTest ? 'test' : rank < nTest + nVal ? 'val' : 'train';
  };
  const task = options.progress?.start('synthesising cases', options.cases);
  const entries: DatasetCaseEntry[] = [];
  const sliceRows = ['case_id,slice,label'];
  const caseRows = ['case_id,label,subtypes'];
  for (let i = 0; i < options.cases; i++) {
    const id = `synth_${String(i).padStart(4, '0')}`;
    const positive = rng() < fraction;
    const made = synthCase(options.seed * 100_003 + i, { size: options.size, slices: options.slices, positive, difficulty: options.difficulty });
    await writeNifti(join(out, 'images', `${id}.nii.gz`), made.image, 'image');
    await writeNifti(join(out, 'labels', `${id}.nii.gz`), made.label, 'mask');
    made.sliceLabels.forEach((label, z) => sliceRows.push(`${id},${z},${label}`));
    const isPositive = made.sliceLabels.some((l) => l === 1);
    caseRows.push(`${id},${isPositive ? 1 : 0},${made.subtypes.join(';')}`);
    entries.push({ id, image: `images/${id}.nii.gz`, label: `labels/${id}.nii.gz`, split: splitOf(i), positive: isPositive, subtypes: made.subtypes, volumeMl: Number(made.volumeMl.toFixed(3)) });
    task?.tick(1, id);
  }
  task?.done();
  await writeFileAtomic(join(out, 'slice_labels.csv'), sliceRows.join('\n') + '\n');
  await writeFileAtomic(join(out, 'case_labels.csv'), caseRows.join('\n') + '\n');
  const manifest = {
    name: 'hemocam synthetic head-CT phantom',
    format: 'hemocam-dataset/v1',
    generator: { seed: options.seed, cases: options.cases, size: options.size ?? 512, slices: options.slices ?? 32, positiveFraction: fraction, difficulty: options.difficulty ?? 'standard' },
    cases: entries,
  };
  await writeFileAtomic(join(out, 'dataset.json'), JSON.stringify(manifest, null, 2) + '\n');
  return entries;
}
