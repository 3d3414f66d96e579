import type { CommandModule } from 'yargs';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HemocamError, writeFileAtomic } from '@hemocam/core';
import { METRIC_KEYS, openReferenceMasks, scoreMasks, scoreSliceProbs, type MaskScore, type SliceScore } from '@hemocam/io';

interface EvalArgs {
  pred: string;
  gt: string;
  json?: string;
  csv?: string;
  threshold: number;
  tolerance: number;
  force: boolean;
}

const LABELS: Record<(typeof METRIC_KEYS)[number], string> = {
  dice: 'Dice',
  iou: 'IoU',
  hd95: 'HD95 (mm)',
  hd: 'HD (mm)',
  rvd: 'RVD',
  nsd: 'NSD',
  sensitivity: 'sensitivity',
  precision: 'precision',
  referenceMl: 'reference (mL)',
  predictedMl: 'predicted (mL)',
};

/** The slice-metric lines `eval` and `demo` print. */
export function formatSliceScore(score: SliceScore): string {
  return (
    `${score.cases} case(s), ${score.slices} slices (${score.positives} positive)\n` +
    `slice ROC AUC        ${score.auc.toFixed(4)}\n` +
    `sensitivity @ ${score.threshold}   ${score.sensitivity.toFixed(4)}\n` +
    `specificity @ ${score.threshold}   ${score.specificity.toFixed(4)}\n` +
    (score.unmatched.length ? `not scored (no prediction or no labels): ${score.unmatched.join(', ')}\n` : '')
  );
}

/** The Dice lines `eval` and `demo` print. */
export function formatMaskScore(score: MaskScore): string {
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '  -  ');
  const lines = [`Dice over ${score.positives.n} case(s) with bleed: mean ${f(score.positives.mean)}, median ${f(score.positives.median)}`];
  for (const [type, s] of Object.entries(score.byType)) lines.push(`  ${type.padEnd(12)} n=${String(s.n).padEnd(3)} mean ${f(s.mean)}  median ${f(s.median)}`);
  lines.push('metric            mean ± std        median   (cases with bleed)');
  for (const key of METRIC_KEYS) {
    const m = score.metrics[key];
    lines.push(`  ${LABELS[key].padEnd(16)}${`${f(m.mean)} ± ${f(m.std)}`.padEnd(18)}${f(m.median)}${m.undefined ? `   (${m.undefined} undefined: one mask empty)` : ''}`);
  }
  if (score.negatives.n > 0) lines.push(`cases without bleed: ${score.negatives.emptyPredicted}/${score.negatives.n} predicted empty`);
  if (score.unmatched.length > 0)
    lines.push(
      `no prediction for ${score.unmatched.length} reference case(s), counted as misses in the means above (empty prediction: Dice 0; a case without bleed counts as not predicted empty): ${score.unmatched.join(', ')}`,
    );
  if (score.predictionOnly.length > 0) lines.push(`predictions with no reference case, not scored: ${score.predictionOnly.join(', ')}`);
  return lines.join('\n') + '\n';
}

/** The file names in the prediction folder; a missing or non-folder `--pred` is the user's to fix. */
function readPredictionFolder(pred: string): string[] {
  try {
    return readdirSync(pred);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'is not a folder' : 'does not exist or cannot be read';
    throw new HemocamError('INPUT', `--pred ${pred} ${why}; give the folder of predicted masks (the --out of \`hemocam run\`)`, { file: pred, cause: error });
  }
}

/**
 * `hemocam eval`: slice-level classifier metrics from `<id>_sliceProbs.json` predictions
 * against a dataset's slice labels, and the INSTANCE 2022 metric set (Dice, IoU, HD95, HD, RVD,
 * NSD, sensitivity, precision, volumes) of predicted masks (`<id>.nii.gz`, `<id>_mask.nii.gz`,
 * `<id>_pred.nii.gz`, `<id>_seg.nii.gz`, or DICOM-SEG `<id>_mask.seg.dcm`) against its reference masks — whichever the folder holds.
 */
export const evalCommand: CommandModule<object, EvalArgs> = {
  command: 'eval',
  describe: 'Score predictions against a dataset: Dice, IoU, HD95, HD, RVD, NSD of masks; slice ROC AUC, sensitivity, specificity',
  builder: (y) =>
    y
      .option('pred', {
        type: 'string',
        demandOption: true,
        describe:
          'Folder of predicted masks: the output of `hemocam run` (<id>_mask.nii.gz), or <id>.nii.gz / <id>_pred.nii.gz / <id>_seg.nii.gz as other tools name them; DICOM-SEG <id>_mask.seg.dcm too',
      })
      .option('gt', { type: 'string', demandOption: true, describe: 'Reference: a dataset root of any layout hemocam reads, or a plain folder of masks (INSTANCE label/, PhysioNet masks/)' })
      .option('threshold', { type: 'number', default: 0.5, describe: 'Operating threshold on slice probabilities' })
      .option('tolerance', { type: 'number', default: 1, describe: 'NSD tolerance in mm' })
      .option('json', { type: 'string', describe: 'Also write the metrics to this JSON file' })
      .option('csv', { type: 'string', describe: 'Also write per-case mask metrics to this CSV file' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace --json / --csv files that exist' }),
  handler: async (args) => {
    if (!(Number.isFinite(args.tolerance) && args.tolerance >= 0)) throw new HemocamError('USAGE', `--tolerance must be a distance in mm, 0 or more (got ${String(args.tolerance)})`);
    if (!(Number.isFinite(args.threshold) && args.threshold >= 0 && args.threshold <= 1))
      throw new HemocamError('USAGE', `--threshold must be a probability from 0 to 1 (got ${String(args.threshold)})`);
    for (const [option, file] of [
      ['--json', args.json],
      ['--csv', args.csv],
    ] as const) {
      if (file === undefined) continue;
      if (file === '' || (existsSync(file) && statSync(file).isDirectory()))
        throw new HemocamError('USAGE', `${option} ${file} is a folder; give a file name, e.g. ${option} ${join(file || '.', option === '--json' ? 'metrics.json' : 'cases.csv')}`);
      if (existsSync(file) && !args.force) throw new HemocamError('EXISTS', `${option} ${file} already exists; choose another file or pass --force to replace it`, { file });
    }
    if (args.json !== undefined && args.json === args.csv) throw new HemocamError('USAGE', '--json and --csv name the same file; give two');
    const dataset = await openReferenceMasks(args.gt);
    const files = readPredictionFolder(args.pred);
    const result: { slices?: SliceScore; masks?: MaskScore } = {};
    if (files.some((f) => /\.(nii(\.gz)?|seg\.dcm)$/i.test(f))) {
      if (dataset.masks.size === 0) throw new HemocamError('INPUT', `${args.gt} has no reference masks to score ${args.pred}'s masks against`, { file: args.gt });
      result.masks = await scoreMasks(args.pred, dataset, args.tolerance);
      process.stdout.write(formatMaskScore(result.masks));
    }
    if (files.some((f) => f.endsWith('_sliceProbs.json'))) {
      result.slices = scoreSliceProbs(args.pred, dataset, args.threshold);
      process.stdout.write(formatSliceScore(result.slices));
    }
    if (!result.masks && !result.slices) throw new HemocamError('INPUT', `${args.pred} holds no predicted masks (.nii/.nii.gz/.seg.dcm) or <id>_sliceProbs.json to score`, { file: args.pred });
    if (args.json) await writeFileAtomic(args.json, JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
    if (args.csv) {
      if (!result.masks) throw new HemocamError('USAGE', `--csv needs predicted masks (.nii/.nii.gz/.seg.dcm) in ${args.pred}`);
      const rows = result.masks.cases.map((c) => [c.id, c.type, ...METRIC_KEYS.map((k) => (Number.isNaN(c[k]) ? 'NaN' : String(c[k])))].join(','));
      await writeFileAtomic(args.csv, [['case_id', 'type', ...METRIC_KEYS].join(','), ...rows].join('\n') + '\n');
    }
  },
};
