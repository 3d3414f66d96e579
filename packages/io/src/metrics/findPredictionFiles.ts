import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HemocamError } from '@hemocam/core';

const NIFTI = /\.nii(\.gz)?$/i;
const SEG = /\.seg\.dcm$/i;
/** Suffixes by which tools name a case's predicted mask; '' is `<id>.nii.gz` (INSTANCE 2022 submissions). */
const MASK_SUFFIXES = ['', '_mask', '_pred', '_seg'] as const;

export interface PredictionFiles {
  /** Case id → its predicted mask, for the reference cases that have one. */
  files: Map<string, string>;
  /** Reference cases with no prediction. */
  missing: string[];
  /** Mask files that name no reference case (ids as read from their names). */
  predictionOnly: string[];
}

/** Case id a prediction file names: its name without `.nii`/`.nii.gz` and a `_mask`/`_pred`/`_seg` suffix. */
function predictedId(stem: string): string {
  const suffix = MASK_SUFFIXES.find((s) => s !== '' && stem.endsWith(s));
  return suffix ? stem.slice(0, -suffix.length) : stem;
}

/**
 * Match a folder of predicted masks to reference case ids. A case's prediction may be named
 * `<id>.nii.gz` (as INSTANCE 2022 submissions and most tools name it), `<id>_mask.nii.gz`
 * (hemocam's own), `<id>_pred.nii.gz` or `<id>_seg.nii.gz`, each also as `.nii`; two candidates
 * for one case are refused, naming both. Files `<id>_<artifact>.nii.gz` beside a case's mask
 * (`hemocam run --save-intermediates`: `_cam`, `_pseudoMask`, …) are intermediates, not masks.
 * A mask may also be a DICOM-SEG, `<stem>.seg.dcm`; beside a NIfTI of the same stem it is the
 * same mask (`run --format both`) and the NIfTI is used.
 */
export function findPredictionFiles(predDir: string, referenceIds: Iterable<string>): PredictionFiles {
  if (!existsSync(predDir)) throw new HemocamError('INPUT', `${predDir} does not exist; give the output folder of \`hemocam run\` (or any folder of predicted masks)`, { file: predDir });
  if (!statSync(predDir).isDirectory()) throw new HemocamError('INPUT', `${predDir} is not a folder; give the folder that holds the predicted masks`, { file: predDir });
  const stems = new Map<string, string>();
  for (const name of readdirSync(predDir).sort()) {
    if (!(NIFTI.test(name) || SEG.test(name)) || name.startsWith('.')) continue;
    const stem = name.replace(NIFTI, '').replace(SEG, '');
    const other = stems.get(stem);
    // `run --format both` writes each mask twice, as NIfTI and as DICOM-SEG: the NIfTI is read.
    if (other !== undefined && SEG.test(name) !== SEG.test(other)) {
      if (SEG.test(other)) stems.set(stem, name);
      continue;
    }
    if (other !== undefined) throw new HemocamError('INPUT', `${join(predDir, other)} and ${join(predDir, name)} are both the prediction ${stem}; keep one`, { file: join(predDir, name) });
    stems.set(stem, name);
  }
  const files = new Map<string, string>();
  const missing: string[] = [];
  const claimed = new Set<string>();
  for (const id of referenceIds) {
    const candidates = MASK_SUFFIXES.map((s) => id + s).filter((stem) => stems.has(stem));
    if (candidates.length > 1) {
      const [a, b] = candidates.map((stem) => join(predDir, stems.get(stem) ?? stem));
      throw new HemocamError('INPUT', `case ${id} has two predictions, ${a} and ${b}; keep one (or move one to another folder)`, { file: a });
    }
    const [stem] = candidates;
    if (stem === undefined) missing.push(id);
    else {
      files.set(id, join(predDir, stems.get(stem) ?? stem));
      claimed.add(stem);
    }
  }
  // What is left either names a case the reference lacks, or is an intermediate of a mask in the folder.
  const maskIds = new Set([...files.keys(), ...[...stems.keys()].filter((s) => s !== predictedId(s)).map(predictedId)]);
  const isIntermediate = (stem: string) => [...maskIds].some((id) => stem.startsWith(`${id}_`) && predictedId(stem) !== id);
  const predictionOnly = [...stems.keys()].filter((stem) => !claimed.has(stem) && !isIntermediate(stem)).map(predictedId);
  return { files, missing, predictionOnly: [...new Set(predictionOnly)] };
}
