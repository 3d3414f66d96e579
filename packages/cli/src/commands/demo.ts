import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandModule } from 'yargs';
import { HemocamError, validatePipeline, writeFileAtomic } from '@hemocam/core';
import { openDataset, scoreMasks } from '@hemocam/io';
import { runInference } from '@hemocam/runner';
import { trainRun } from '../report/trainRun.js';
import { PHANTOM_DIFFICULTIES, synthDataset, type PhantomDifficulty } from '@hemocam/phantom';
import { createCliLogger } from '../cliLogger.js';
import { createCliProgress } from '../cliProgress.js';
import { lockOutput } from '../lockOutput.js';
import { formatMaskScore } from './evaluate.js';
import { writeReport } from '../report/writeReport.js';

interface DemoArgs {
  out: string;
  quick: boolean;
  difficulty: PhantomDifficulty;
  force: boolean;
}

/** The pipeline the demo runs: `examples/default.yaml` as shipped in this package (two levels up from src/ and dist/ alike). */
export const DEMO_PIPELINE = fileURLToPath(new URL('../../examples/default.yaml', import.meta.url));

/**
 * Sizes of the two demo runs, set on top of the shipped pipeline as `--set` would: the default
 * (4–6 min on 2 cores) and --quick (about a minute, CI's smoke test).
 */
const PRESETS = {
  default: {
    train: 100,
    // 100 held-out cases (about 45 with bleed): one trained hard-phantom run scored 0.22 on 30 and 0.36 on 150; inference is 0.1 s a case.
    test: 100,
    size: 64,
    slices: 16,
    overrides: [
      'stages.classify.with.epochs=3',
      'stages.classify.with.stepsPerEpoch=120',
      'stages.classify.with.patience=3',
      'stages.segment.with={ inputSize: 64, filters: 8, batchSize: 8, epochs: 20 }',
    ],
  },
  quick: {
    train: 16,
    test: 8,
    size: 32,
    slices: 8,
    overrides: [
      'stages.classify.with={ depth: 10, width: 0.125, slices: 3, inputSize: 32, lstmUnits: 8, epochs: 2, batchSize: 4, stepsPerEpoch: 6 }',
      'stages.segment.with={ inputSize: 32, filters: 4, epochs: 2 }',
      // Two epochs of a tiny classifier give weak CAMs: let the smoke test's teacher keep every pseudo-mask component on a positive slice.
      'stages.teacher.with={ output: pseudoLabel, sliceSource: labels, minSupport: 0 }',
    ],
  },
};

/**
 * `hemocam demo`: everything a newcomer runs first, end to end on built-in data: synthesise a
 * phantom training and test set, train the whole pipeline on weak (slice) labels — classifier,
 * CAM, pseudo masks, cam-guided pseudo labels, light U-Net — run it on the held-out cases, score
 * the masks against the phantom's ground truth (Dice), and print the summary.
 */
export const demoCommand: CommandModule<object, DemoArgs> = {
  command: 'demo',
  describe: 'Run hemocam end to end on a synthetic phantom: synth, train on slice labels, segment, score Dice',
  builder: (y) =>
    y
      .option('out', { type: 'string', default: 'hemocam-demo', describe: 'Folder for data, run, predictions and summary' })
      .option('quick', { type: 'boolean', default: false, describe: 'A tiny run (under a minute) instead of the ~6-minute one' })
      .option('difficulty', {
        choices: PHANTOM_DIFFICULTIES,
        default: 'standard' as const,
        describe: 'The phantom (see `hemocam synth --help`): standard, cleanly hyperdense blood; hard, bleeds and mimics that HU thresholds alone cannot tell apart',
      })
      .option('force', { type: 'boolean', default: false, describe: 'Reuse an output folder that is not empty (its demo files are replaced)' }),
  handler: async (args) => {
    const out = resolve(args.out);
    await lockOutput(out); // released when the process ends
    if (existsSync(out) && readdirSync(out).length > 0 && !args.force) {
      throw new HemocamError('EXISTS', `${args.out} is not empty; choose another --out or pass --force`, { file: out });
    }
    const preset = args.quick ? PRESETS.quick : PRESETS.default;
    const logger = createCliLogger();
    const progress = createCliProgress();
    const started = Date.now();
    const data = (split: string) => join(out, 'data', split);
    for (const [split, cases, seed] of [
      ['train', preset.train, 1],
      ['test', preset.test, 2],
    ] as const) {
      logger.info(`synthesising ${cases} ${split} cases (${preset.size}×${preset.size}×${preset.slices}, ${args.difficulty})`);
      await synthDataset({ out: data(split), cases, seed, size: preset.size, slices: preset.slices, difficulty: args.difficulty, force: true, progress });
    }
    const pipeline = await validatePipeline(DEMO_PIPELINE, { overrides: preset.overrides });
    logger.info(`pipeline: ${DEMO_PIPELINE} with ${preset.overrides.map((o) => `--set ${o}`).join(' ')}`);
    // What ran, as one file a user can run again: the shipped pipeline with its base merged in and the sizes set.
    await writeFileAtomic(
      join(out, 'pipeline.yaml'),
      `# hemocam demo${args.quick ? ' --quick' : ''}: ${DEMO_PIPELINE}, extends resolved, with ${preset.overrides.map((o) => `--set ${o}`).join(' ')}\n${pipeline.text}`,
    );
    const train = await openDataset(data('train'));
    const runDir = join(out, 'run');
    const trained = await trainRun({ pipeline, cases: train.cases, runDir, logger, progress, force: true });
    const test = await openDataset(data('test'));
    const predDir = join(out, 'pred');
    const runStarted = Date.now();
    const ran = await runInference({ pipeline, cases: test.cases, runDir, outDir: predDir, logger, progress, force: true });
    const secondsPerCase = (Date.now() - runStarted) / 1000 / Math.max(1, test.cases.length);
    const score = await scoreMasks(predDir, test);
    const reportFile = join(out, 'report.html');
    await writeReport({ pred: predDir, dataset: test, out: reportFile, viewer: 5, logger });
    const minutes = (Date.now() - started) / 60000;
    const summary = {
      preset: args.quick ? 'quick' : 'default',
      difficulty: args.difficulty,
      backend: trained.backend,
      minutes,
      secondsPerCase,
      trainCases: trained.succeeded.length,
      testCases: ran.succeeded.length,
      dice: { positives: score.positives, byType: score.byType, negatives: score.negatives },
    };
    await writeFileAtomic(join(out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    process.stdout.write(
      `\nhemocam demo (${args.quick ? 'quick' : 'default'}, ${args.difficulty} phantom, backend ${trained.backend}, ${minutes.toFixed(1)} min)\n` +
        `trained on ${trained.succeeded.length} phantom cases with slice labels only (no voxel masks); held-out test set, ${secondsPerCase.toFixed(2)} s per scan:\n` +
        formatMaskScore(score) +
        `report: ${reportFile} (open it in a browser)\n` +
        `files: ${out} (data/, pipeline.yaml, run/, pred/<id>_mask.nii.gz, summary.json, report.html)\n`,
    );
    if (ran.failed.length + trained.failed.length > 0) process.exitCode = 1;
  },
};
