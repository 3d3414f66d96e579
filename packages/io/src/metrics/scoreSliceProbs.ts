import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetListing } from '../datasets/DatasetListing.js';
import { HemocamError } from '@hemocam/core';
import { sliceMetrics, type SliceMetrics } from '@hemocam/imaging';

export interface SliceScore extends SliceMetrics {
  cases: number;
  /** Labelled cases without a prediction, and predicted cases without slice labels. */
  unmatched: string[];
}

/** Score `<id>_sliceProbs.json` files in a `hemocam run` output folder against a dataset's slice labels. */
export function scoreSliceProbs(predDir: string, dataset: DatasetListing, threshold = 0.5): SliceScore {
  const probs: number[] = [];
  const labels: number[] = [];
  const unmatched: string[] = [];
  let cases = 0;
  for (const c of dataset.cases) {
    const file = join(predDir, `${c.id}_sliceProbs.json`);
    if (!existsSync(file) || !c.labels?.slices) {
      unmatched.push(c.id);
      continue;
    }
    let predicted: number[];
    try {
      predicted = JSON.parse(readFileSync(file, 'utf8')) as number[];
      if (!Array.isArray(predicted) || !predicted.every((p) => typeof p === 'number' && p >= 0 && p <= 1)) throw new Error('it must be a JSON array of probabilities in [0, 1]');
    } catch (error) {
      throw new HemocamError('INPUT', `${file} is not a slice-probability file (${(error as Error).message}); it should be what hemocam run writes`, { file, cause: error });
    }
    if (predicted.length !== c.labels.slices.length) {
      throw new HemocamError('INPUT', `${file} has ${predicted.length} slice probabilities but ${c.id} has ${c.labels.slices.length} slices in ${dataset.root}`, { file });
    }
    probs.push(...predicted);
    labels.push(...c.labels.slices);
    cases++;
  }
  if (cases === 0) throw new HemocamError('INPUT', `no <id>_sliceProbs.json in ${predDir} matches a labelled case of ${dataset.root}`, { file: predDir });
  return { cases, unmatched, ...sliceMetrics(probs, labels, threshold) };
}
