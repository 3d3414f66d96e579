import type { CommandModule } from 'yargs';
import { readdirSync } from 'node:fs';
import { HemocamError, METRIC_KEYS, openDataset, scoreMasks, scoreSliceProbs, writeFileAtomic, type MaskScore, type SliceScore } from '@hemocam/core';

interface EvalArgs {
  pred: string;
  gt: string;
  json?: string;
  csv?: string;
  threshold: number;
  tolerance: number;
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
  if (score.unmatched.length > 0) lines.push(`not scored (no <id>_mask.nii.gz): ${score.unmatched.join(', ')}`);
  return lines.join('\n') + '\n';
}

/**
 * `hemocam eval`: slice-level classifier metrics from `<id>_sliceProbs.json` predictions
 * against a dataset's slice labels, and the INSTANCE 2022 metric set (Dice, IoU, HD95, HD, RVD,
 * NSD, sensitivity, precision, volumes) of `<id>_mask.nii.gz` against its reference masks —
 * whichever the output folder holds.
 */
export const evalCommand: CommandModule<object, EvalArgs> = {
  command: 'eval',
  describe: 'Score predictions against a dataset: Dice, IoU, HD95, HD, RVD, NSD of masks; slice ROC AUC, sensitivity, specificity',
  builder: (y) =>
    y
      .option('pred', { type: 'string', demandOption: true, describe: 'Output folder of `hemocam run`' })
      .option('gt', { type: 'string', demandOption: true, describe: 'Dataset with the reference labels (any layout hemocam reads)' })
      .option('threshold', { type: 'number', default: 0.5, describe: 'Operating threshold on slice probabilities' })
      .option('tolerance', { type: 'number', default: 1, describe: 'NSD tolerance in mm' })
      .option('json', { type: 'string', describe: 'Also write the metrics to this JSON file' })
      .option('csv', { type: 'string', describe: 'Also write per-case mask metrics to this CSV file' }),
  handler: async (args) => {
    const dataset = await openDataset(args.gt);
    const files = readdirSync(args.pred, { withFileTypes: true }).map((e) => e.name);
    const result: { slices?: SliceScore; masks?: MaskScore } = {};
    if (files.some((f) => f.endsWith('_mask.nii.gz'))) {
      if (dataset.masks.size === 0) throw new HemocamError('INPUT', `${args.gt} has no reference masks to score ${args.pred}'s masks against`, { file: args.gt });
      result.masks = await scoreMasks(args.pred, dataset, args.tolerance);
      process.stdout.write(formatMaskScore(result.masks));
    }
    if (files.some((f) => f.endsWith('_sliceProbs.json'))) {
      result.slices = scoreSliceProbs(args.pred, dataset, args.threshold);
      process.stdout.write(formatSliceScore(result.slices));
    }
    if (!result.masks && !result.slices) throw new HemocamError('INPUT', `${args.pred} holds no <id>_mask.nii.gz or <id>_sliceProbs.json to score`, { file: args.pred });
    if (args.json) await writeFileAtomic(args.json, JSON.stringify(result, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
    if (args.csv) {
      if (!result.masks) throw new HemocamError('USAGE', `--csv needs <id>_mask.nii.gz files in ${args.pred}`);
      const rows = result.masks.cases.map((c) => [c.id, c.type, ...METRIC_KEYS.map((k) => (Number.isNaN(c[k]) ? 'NaN' : String(c[k])))].join(','));
      await writeFileAtomic(args.csv, [['case_id', 'type', ...METRIC_KEYS].join(','), ...rows].join('\n') + '\n');
    }
  },
};
