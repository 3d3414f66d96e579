import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { HemocamError, openDataset, sliceMetrics, writeFileAtomic } from '@hemocam/core';

interface EvalArgs {
  pred: string;
  gt: string;
  json?: string;
  threshold: number;
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
    const dataset = await openDataset(args.gt);
    const probs: number[] = [];
    const labels: number[] = [];
    const matched: string[] = [];
    const unmatched: string[] = [];
    for (const c of dataset.cases) {
      const file = join(args.pred, `${c.id}_sliceProbs.json`);
      if (!existsSync(file) || !c.labels?.slices) {
        unmatched.push(c.id);
        continue;
      }
      const predicted = JSON.parse(readFileSync(file, 'utf8')) as number[];
      if (predicted.length !== c.labels.slices.length) {
        throw new HemocamError('INPUT', `${file} has ${predicted.length} slice probabilities but ${c.id} has ${c.labels.slices.length} slices in ${args.gt}`, { file });
      }
      probs.push(...predicted);
      labels.push(...c.labels.slices);
      matched.push(c.id);
    }
    if (matched.length === 0) throw new HemocamError('INPUT', `no <id>_sliceProbs.json in ${args.pred} matches a labelled case of ${args.gt}`, { file: args.pred });
    const metrics = { cases: matched.length, unmatched, ...sliceMetrics(probs, labels, args.threshold) };
    process.stdout.write(
      `${matched.length} case(s), ${metrics.slices} slices (${metrics.positives} positive)\n` +
        `slice ROC AUC        ${metrics.auc.toFixed(4)}\n` +
        `sensitivity @ ${args.threshold}   ${metrics.sensitivity.toFixed(4)}\n` +
        `specificity @ ${args.threshold}   ${metrics.specificity.toFixed(4)}\n` +
        (unmatched.length ? `not scored (no prediction or no labels): ${unmatched.join(', ')}\n` : ''),
    );
    if (args.json) await writeFileAtomic(args.json, JSON.stringify(metrics, null, 2) + '\n');
  },
};
