import type { CommandModule } from 'yargs';
import { openDataset, scoreSliceProbs, writeFileAtomic, type SliceScore } from '@hemocam/core';

interface EvalArgs {
  pred: string;
  gt: string;
  json?: string;
  threshold: number;
}

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

/**
 * `hemocam eval`: slice-level classifier metrics from `<id>_sliceProbs.json` predictions
 * against a dataset's slice labels. (Voxel metrics — Dice, HD95, NSD — are not written yet.)
 */
export const evalCommand: CommandModule<object, EvalArgs> = {
  command: 'eval',
  describe: 'Score predictions against a dataset: slice ROC AUC, sensitivity, specificity',
  builder: (y) =>
    y
      .option('pred', { type: 'string', demandOption: true, describe: 'Output folder of `hemocam run`' })
      .option('gt', { type: 'string', demandOption: true, describe: 'Dataset with the reference labels (any layout hemocam reads)' })
      .option('threshold', { type: 'number', default: 0.5, describe: 'Operating threshold on slice probabilities' })
      .option('json', { type: 'string', describe: 'Also write the metrics to this JSON file' }),
  handler: async (args) => {
    const score = scoreSliceProbs(args.pred, await openDataset(args.gt), args.threshold);
    process.stdout.write(formatSliceScore(score));
    if (args.json) await writeFileAtomic(args.json, JSON.stringify(score, null, 2) + '\n');
  },
};
