import { join } from 'node:path';
import type { DatasetListing } from '../datasets/DatasetListing.js';
import { readCsv } from '../datasets/readCsv.js';
import { HemocamError, type Volume, type VoxelData } from '@hemocam/core';
import { readNifti } from '../nifti/readNifti.js';
import { readMaskFile } from './readMaskFile.js';
import { alignToGrid, maskMetrics, type MaskMetrics } from '@hemocam/imaging';
import { findPredictionFiles } from './findPredictionFiles.js';

export interface CaseMaskScore extends MaskMetrics {
  id: string;
  referenceVoxels: number;
  predictedVoxels: number;
  /** Hemorrhage types from the dataset's case_labels.csv `subtypes` column, when it has one ('' for none). */
  type: string;
  /** The predicted mask's file; undefined when the case has none (scored as an empty prediction). */
  file?: string;
}

export interface Summary {
  /** Values summarised (NaN excluded). */
  n: number;
  mean: number;
  median: number;
  std: number;
  /** Values left out because they were NaN (e.g. HD when one mask is empty). */
  undefined: number;
}

export const METRIC_KEYS = ['dice', 'iou', 'hd95', 'hd', 'rvd', 'nsd', 'sensitivity', 'precision', 'referenceMl', 'predictedMl'] as const;

export interface MaskScore {
  cases: CaseMaskScore[];
  /** Dice over cases whose reference mask is not empty (the headline). */
  positives: Summary;
  /** Every metric over cases whose reference mask is not empty. */
  metrics: Record<(typeof METRIC_KEYS)[number], Summary>;
  /** Cases with an empty reference: the share predicted empty too. */
  negatives: { n: number; emptyPredicted: number };
  byType: Record<string, Summary>;
  /** Reference cases without a prediction: scored as empty predictions (a miss: Dice 0 where the reference has bleed, and not "predicted empty" where it has none). */
  unmatched: string[];
  /** Predicted masks that name no reference case: listed, not scored. */
  predictionOnly: string[];
}

function count(data: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < data.length; i++) if (data[i]! > 0) n++;
  return n;
}

/** Mean, median and (population) standard deviation of the finite values; NaNs are counted apart. */
export function summarise(values: readonly number[]): Summary {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const n = sorted.length;
  const median = n === 0 ? NaN : n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const mean = n === 0 ? NaN : sorted.reduce((s, v) => s + v, 0) / n;
  const std = n === 0 ? NaN : Math.sqrt(sorted.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  return { n, mean, median, std, undefined: values.length - n };
}

/** A mask holds non-negative integer labels (non-zero = bleed); a CT, a probability map or a fractional mask does not. */
function checkIsMask(data: ArrayLike<number>, file: string, role: 'reference' | 'prediction'): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < 0 || !Number.isInteger(v)) {
      const advice = role === 'reference' ? "give the reference masks, e.g. INSTANCE's label/ or the dataset root" : 'give binary masks (threshold probability maps first)';
      throw new HemocamError('INPUT', `${file} is not a mask (it holds the value ${v}; masks hold 0 and positive integer labels); ${advice}`, { file });
    }
  }
}

/**
 * The INSTANCE metrics of predicted masks (named as `findPredictionFiles` accepts: `<id>.nii.gz`,
 * `<id>_mask.nii.gz`, `<id>_pred.nii.gz`, `<id>_seg.nii.gz`) against a dataset's reference
 * masks. A reference case without a prediction is scored as an empty prediction and listed in
 * `unmatched`; a prediction without a reference is listed in `predictionOnly`.
 */
export async function scoreMasks(predDir: string, dataset: DatasetListing, toleranceMm = 1): Promise<MaskScore> {
  const types = new Map((readCsv(join(dataset.root, 'case_labels.csv'), ['case_id']) ?? []).map((r) => [r.case_id, r.subtypes ?? '']));
  const found = findPredictionFiles(predDir, dataset.masks.keys());
  if (found.files.size === 0) {
    const extra = found.predictionOnly.length ? ` (it holds predictions for ${found.predictionOnly.slice(0, 5).join(', ')}${found.predictionOnly.length > 5 ? ', …' : ''})` : '';
    throw new HemocamError('INPUT', `no predicted mask in ${predDir} matches a reference case of ${dataset.root}${extra}; name them <id>.nii.gz or <id>_mask.nii.gz after the reference cases`, {
      file: predDir,
    });
  }
  const cases: CaseMaskScore[] = [];
  for (const [id, reference] of dataset.masks) {
    const file = found.files.get(id);
    const truth = await readNifti(reference.path);
    if (truth.frames !== 1) throw new HemocamError('INPUT', `${reference.path} is 4-D (${truth.frames} frames); a mask is one 3-D volume`, { file: reference.path });
    checkIsMask(truth.data, reference.path, 'reference');
    const predicted = file === undefined ? undefined : await readMaskFile(file);
    let predictedData: VoxelData = new Uint8Array(truth.data.length);
    if (predicted !== undefined && file !== undefined) {
      if (predicted.frames !== 1) throw new HemocamError('INPUT', `${file} is 4-D (${predicted.frames} frames); a predicted mask is one 3-D volume`, { file });
      checkIsMask(predicted.data, file, 'prediction');
      const aligned = alignToGrid(predicted, truth);
      if (!aligned) {
        const grid = (v: Volume) => `${v.dims.join('×')} voxels of ${v.spacing.map((x) => +x.toFixed(3)).join('×')} mm, ${v.orientation}`;
        throw new HemocamError(
          'INPUT',
          `${file} (${grid(predicted)}) and the reference ${reference.path} (${grid(truth)}) are different grids in space, not only in axis order or direction; resample the prediction onto the reference grid`,
          { file },
        );
      }
      predictedData = aligned;
    }
    const metrics = maskMetrics(predictedData, truth.data, truth.dims, truth.spacing, toleranceMm);
    cases.push({ id, ...metrics, referenceVoxels: count(truth.data), predictedVoxels: count(predictedData), type: types.get(id) ?? '', file });
  }
  const positive = cases.filter((c) => c.referenceVoxels > 0);
  const negative = cases.filter((c) => c.referenceVoxels === 0);
  const byType: Record<string, Summary> = {};
  for (const type of [...new Set(positive.map((c) => c.type).filter(Boolean))].sort()) byType[type] = summarise(positive.filter((c) => c.type === type).map((c) => c.dice));
  return {
    cases,
    positives: summarise(positive.map((c) => c.dice)),
    metrics: Object.fromEntries(METRIC_KEYS.map((k) => [k, summarise(positive.map((c) => c[k]))])) as MaskScore['metrics'],
    negatives: { n: negative.length, emptyPredicted: negative.filter((c) => c.file !== undefined && c.predictedVoxels === 0).length },
    byType,
    unmatched: found.missing,
    predictionOnly: found.predictionOnly,
  };
}
