import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { HemocamError, openDataset, runInference, scoreSliceProbs, trainPipeline, validatePipeline, writeFileAtomic } from '@hemocam/core';
import { synthDataset } from '@hemocam/phantom';
import { createCliLogger } from '../cliLogger.js';
import { createCliProgress } from '../cliProgress.js';
import { formatSliceScore } from './evaluate.js';

interface DemoArgs {
  out: string;
  quick: boolean;
  force: boolean;
}

/** Sizes of the two demo runs: the default (~10 min on 2 cores) and --quick (well under 2 min, CI's smoke test). */
const PRESETS = {
  default: { train: 100, test: 30, size: 64, slices: 16, classifier: '{ depth: 10, width: 0.25, slices: 5, inputSize: 64, epochs: 5, batchSize: 8, stepsPerEpoch: 120, patience: 3 }' },
  quick: { train: 16, test: 8, size: 32, slices: 8, classifier: '{ depth: 10, width: 0.125, slices: 3, inputSize: 32, lstmUnits: 8, epochs: 2, batchSize: 4, stepsPerEpoch: 6 }' },
};

/**
 * `hemocam demo`: everything a newcomer runs first, end to end on built-in data: synthesise a
 * phantom training and test set, train the pipeline on weak (slice) labels, run it on the
 * held-out cases, evaluate, and print the summary. Today the pipeline is the slice classifier
 * alone: CAM, pseudo masks and refinement are not written yet, so there is no mask to score.
 */
export const demoCommand: CommandModule<object, DemoArgs> = {
  command: 'demo',
  describe: 'Run hemocam end to end on a synthetic phantom: synth, train, run, eval (classifier only for now)',
  builder: (y) =>
    y
      .option('out', { type: 'string', default: 'hemocam-demo', describe: 'Folder for data, run, predictions and summary' })
      .option('quick', { type: 'boolean', default: false, describe: 'A tiny run (under 2 minutes) instead of the ~10-minute one' })
      .option('force', { type: 'boolean', default: false, describe: 'Reuse an output folder that is not empty (its demo files are replaced)' }),
  handler: async (args) => {
    const out = resolve(args.out);
    if (existsSync(out) && readdirSync(out).length > 0 && !args.force) {
      throw new HemocamError('EXISTS', `${args.out} is not empty; choose another --out or pass --force`, { file: out });
    }
    const preset = args.quick ? PRESETS.quick : PRESETS.default;
    const logger = createCliLogger();
    const progress = createCliProgress();
    const started = Date.now();
    const data = (split: string) => join(out, 'data', split);
    for (const [split, cases, seed] of [['train', preset.train, 1], ['test', preset.test, 2]] as const) {
      logger.info(`synthesising ${cases} ${split} cases (${preset.size}×${preset.size}×${preset.slices})`);
      await synthDataset({ out: data(split), cases, seed, size: preset.size, slices: preset.slices, force: true, progress });
    }
    const pipelineFile = join(out, 'pipeline.yaml');
    await writeFileAtomic(
      pipelineFile,
      ['apiVersion: hemocam/v1', 'plugins: ["@hemocam/plugin-resnet-lstm"]', 'backend: auto', 'seed: 0', 'stages:', `  classify: { use: resnet-lstm, with: ${preset.classifier} }`, ''].join('\n'),
    );
    const pipeline = await validatePipeline(pipelineFile);
    const train = await openDataset(data('train'));
    const runDir = join(out, 'run');
    const trained = await trainPipeline({ pipeline, cases: train.cases, runDir, logger, progress, force: true });
    const test = await openDataset(data('test'));
    const predDir = join(out, 'pred');
    const ran = await runInference({ pipeline, cases: test.cases, runDir, outDir: predDir, logger, progress, force: true });
    const score = scoreSliceProbs(predDir, test);
    const minutes = (Date.now() - started) / 60000;
    await writeFileAtomic(join(out, 'summary.json'), JSON.stringify({ preset: args.quick ? 'quick' : 'default', backend: trained.backend, minutes, trainCases: trained.succeeded.length, testCases: ran.succeeded.length, sliceMetrics: score }, null, 2) + '\n');
    process.stdout.write(
      `\nhemocam demo (${args.quick ? 'quick' : 'default'}, backend ${trained.backend}, ${minutes.toFixed(1)} min)\n` +
        `trained on ${trained.succeeded.length} phantom cases with slice labels only; held-out test set:\n` +
        formatSliceScore(score) +
        `files: ${out} (data/, pipeline.yaml, run/, pred/, summary.json)\n` +
        'not yet in the demo: CAM, pseudo masks, refinement, masks and their Dice, the HTML report.\n',
    );
    if (ran.failed.length + trained.failed.length > 0) process.exitCode = 1;
  },
};
