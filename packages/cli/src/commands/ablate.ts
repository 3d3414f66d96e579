import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { barChart, writePng } from '@hemocam/render';
import { HemocamError, stageSignatures, stageStateDir, validatePipeline, writeFileAtomic, type ValidatedPipeline } from '@hemocam/core';
import { openDataset, scoreMasks, type CaseSource, type MaskScore } from '@hemocam/io';
import { runInference } from '@hemocam/runner';
import { trainRun } from '../report/trainRun.js';
import { createCliLogger } from '../cliLogger.js';
import { createCliProgress } from '../cliProgress.js';
import { lockOutput } from '../lockOutput.js';
import { awaitJob } from '../queue/awaitJob.js';
import { openQueue } from '../queue/openQueue.js';
import { parseQueueUrl } from '../queue/parseQueueUrl.js';
import { submitRun } from '../queue/submitRun.js';
import type { TrainJobData, TrainJobResult } from '../queue/TrainJob.js';
import { writeReport } from '../report/writeReport.js';
import { diceByType } from './diceByType.js';
import { readVariantRows, type VariantRow } from './readVariantRows.js';
import { withExecution, type ExecutionArgs } from './sharedOptions.js';

interface AblateArgs extends ExecutionArgs {
  data: string;
  test?: string;
  vary: string[];
  variants?: string;
  out: string;
  queue?: string;
  attempts: number;
}

interface VariantResult {
  variant: string;
  /** Folder under variants/. */
  dir: string;
  /** Pipeline text and case ids it was computed from: a result is reused only for the same. */
  fingerprint: string;
  overrides: string[];
  secondsPerVolume: number;
  score: Pick<MaskScore, 'positives' | 'metrics' | 'byType' | 'negatives'>;
}

/** `--vary a=x,y --vary b=u,v` → [[a=x, b=u], [a=x, b=v], [a=y, b=u], [a=y, b=v]], each after each of `rows` (none: one empty row). */
export function variantsOf(vary: readonly string[], rows: readonly VariantRow[] = []): VariantRow[] {
  let variants: VariantRow[] = rows.length > 0 ? [...rows] : [{ name: '', overrides: [] }];
  for (const spec of vary) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw new HemocamError('USAGE', `--vary ${spec}: expected PATH=A,B,...`);
    const path = spec.slice(0, eq);
    const values = spec
      .slice(eq + 1)
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    const short = path.replace(/^stages\./, '');
    variants = variants.flatMap((v) => values.map((value) => ({ name: [v.name, `${short}=${value}`].filter(Boolean).join(' '), overrides: [...v.overrides, `${path}=${value}`] })));
  }
  return variants.map((v) => ({ ...v, name: v.name || 'base' }));
}

const f = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

/**
 * `hemocam ablate`: train, run and score every variant of a pipeline (the cross product of the
 * --vary values) on one training set and one held-out set. A learning stage whose options and
 * upstream stages are unchanged is fitted once and reused (a CAM swap does not retrain the
 * classifier). Finished variants are kept and not recomputed when the command is run again.
 */
export const ablateCommand: CommandModule<object, AblateArgs> = {
  command: 'ablate <pipeline>',
  describe: 'Train, run and score pipeline variants (--vary PATH=A,B,...): results.csv, results.md, results.png, a report per variant',
  builder: (y) =>
    withExecution(y)
      .option('data', { type: 'string', demandOption: true, describe: 'Training dataset (its test split is the held-out set unless --test is given)' })
      .option('test', { type: 'string', describe: 'Held-out dataset with reference masks' })
      .option('vary', { type: 'string', array: true, default: [], describe: 'PATH=A,B,... (repeatable; the cross product is run)' })
      .option('variants', {
        type: 'string',
        describe: 'YAML file of named rows, each a list of path=value overrides (e.g. examples/ablation.yaml); with --vary, each row is crossed with it',
      })
      .option('out', { type: 'string', demandOption: true, describe: 'Folder for variants/, results.csv, results.md' })
      .option('queue', { type: 'string', describe: 'redis://[:password@]host:port/db: fit each variant and segment its cases as jobs for `hemocam worker`s (see README: More than one machine)' })
      .option('attempts', { type: 'number', default: 2, describe: 'With --queue: attempts per job before it counts as failed' })
      .example('$0 ablate examples/default.yaml --data ph/train --test ph/test --vary stages.cam.use=cam,grad-cam,grad-cam-plus-plus --out ablation', '')
      .example('$0 ablate demo/pipeline.yaml --data demo/data/train --test demo/data/test --variants examples/ablation.yaml --out ablation', ''),
  handler: async (args) => {
    if (args.split) throw new HemocamError('USAGE', 'ablate trains on --data and scores on --test (or on the train and test splits of --data); --split does not apply');
    const logger = createCliLogger({ quiet: args.quiet });
    const progress = createCliProgress({ quiet: args.quiet });
    if (args.vary.length === 0 && args.variants === undefined) throw new HemocamError('USAGE', 'give --vary PATH=A,B,... or --variants FILE (or both): what the variants differ in');
    const variants = variantsOf(args.vary, args.variants === undefined ? [] : await readVariantRows(args.variants));
    const folderOf = (name: string) => name.replace(/[^\w.=-]+/g, '_');
    const clash = variants.find((v, i) => variants.findIndex((w) => folderOf(w.name) === folderOf(v.name)) !== i);
    if (clash) throw new HemocamError('USAGE', `two variants would share the folder variants/${folderOf(clash.name)} ("${clash.name}"): give each row a name of its own`);
    const trainSet = await openDataset(args.data);
    const testSet = args.test ? await openDataset(args.test) : trainSet;
    const trainCases: CaseSource[] = args.test ? trainSet.cases : trainSet.cases.filter((c) => c.split === 'train');
    const testCases = testSet.cases.filter((c) => (args.test ? true : c.split === 'test'));
    if (trainCases.length === 0 || testCases.length === 0)
      throw new HemocamError('INPUT', `${args.data}: no ${trainCases.length === 0 ? 'training' : 'test'} cases (give --test, or a dataset.json with train and test splits)`, { file: args.data });
    const heldOut = { ...testSet, cases: testCases, masks: new Map([...testSet.masks].filter(([id]) => testCases.some((c) => c.id === id))) };
    if (heldOut.masks.size === 0) throw new HemocamError('INPUT', `${args.test ?? args.data}: the held-out cases have no reference masks to score`, { file: args.test ?? args.data });
    // Validate every variant before any training: a typo in the last value should not cost an hour.
    const pipelines = await Promise.all(variants.map((v) => validatePipeline(args.pipeline, { overrides: [...args.set, ...v.overrides] })));
    logger.info(`ablation: ${variants.length} variant(s), ${trainCases.length} training and ${testCases.length} held-out cases`);

    const out = resolve(args.out);
    await lockOutput(out); // released when the process ends
    if (!Number.isInteger(args.attempts) || args.attempts < 1) throw new HemocamError('USAGE', '--attempts must be a positive integer');
    const connection = args.queue === undefined ? undefined : parseQueueUrl(args.queue);
    const queue = connection && { connection, queue: await openQueue(connection) };
    const controller = new AbortController();
    const signal = controller.signal;
    // Where each variant fits and segments: here, or as jobs for `hemocam worker`s.
    const fit = async (pipeline: ValidatedPipeline, overrides: string[], runDir: string, reuse: Map<string, string>, what: string) => {
      if (!queue) return (await trainRun({ pipeline, cases: trainCases, runDir, logger, progress, backend: args.backend, force: true, reuse, signal })).failed.length;
      const data: TrainJobData = {
        pipeline: resolve(args.pipeline),
        set: [...args.set, ...overrides],
        data: resolve(args.data),
        trainSplit: !args.test,
        runDir,
        reuse: [...reuse],
        backend: args.backend,
      };
      const id = `${createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16)}-train`;
      logger.info(`${what}: fit queued as job ${id} on ${queue.connection.display}`);
      return (await awaitJob<TrainJobResult>(queue.queue, { name: 'train', id, data, attempts: args.attempts }, { redo: args.force, signal, what: `${what}'s fit` })).failed.length;
    };
    const segment = async (pipeline: ValidatedPipeline, overrides: string[], runDir: string, predDir: string) => {
      const options = { pipeline, cases: testCases, runDir, outDir: predDir, logger, progress, backend: args.backend, force: true, signal };
      if (!queue) return (await runInference(options)).failed.length;
      const input = resolve(args.test ?? args.data);
      const report = await submitRun({
        ...options,
        queue: queue.queue,
        display: queue.connection.display,
        pipelinePath: args.pipeline,
        set: [...args.set, ...overrides],
        run: runDir,
        input,
        split: args.test ? undefined : 'test',
        out: predDir,
        saveIntermediates: false,
        format: 'nifti',
        attempts: args.attempts,
        signal,
      });
      return report.failed.length;
    };
    const onInterrupt = () => {
      if (signal.aborted) process.exit(130);
      logger.warn('interrupted: stopping (Ctrl-C again to quit now)');
      controller.abort();
    };
    process.on('SIGINT', onInterrupt);

    const learned = new Map<string, { dir: string; fitted: Promise<void> }>(); // signature → the state folder of the first variant that fits it, and when it is fitted
    const tasks: Promise<VariantResult>[] = [];
    try {
      for (const [index, { name, overrides }] of variants.entries()) {
        const folder = folderOf(name);
        const dir = join(out, 'variants', folder);
        const pipeline = pipelines[index]!; // one pipeline per variant
        const signatures = stageSignatures(pipeline);
        const resultFile = join(dir, 'result.json');
        const fingerprint = createHash('sha256')
          .update(JSON.stringify([pipeline.text, trainCases.map((c) => c.id), testCases.map((c) => c.id)]))
          .digest('hex')
          .slice(0, 16);
        const previous = existsSync(resultFile) && !args.force ? (JSON.parse(await readFile(resultFile, 'utf8')) as VariantResult) : undefined;
        const reuseFrom = [...signatures].flatMap(([key, sig]) => {
          const provider = learned.get(sig);
          return provider ? [[key, provider] as const] : [];
        });
        const what = `variant ${index + 1}/${variants.length} (${name})`;
        const task = (async (): Promise<VariantResult> => {
          if (previous?.fingerprint === fingerprint) {
            logger.info(`${what}: done before, kept`);
            return previous;
          }
          await Promise.all(reuseFrom.map(([, provider]) => provider.fitted));
          logger.info(`variant ${index + 1}/${variants.length}: ${name}`);
          const reuse = new Map(reuseFrom.map(([key, provider]) => [key, provider.dir]));
          const runDir = join(dir, 'run');
          const predDir = join(dir, 'pred');
          await rm(predDir, { recursive: true, force: true });
          await mkdir(dir, { recursive: true });
          const trainFailures = await fit(pipeline, overrides, runDir, reuse, what);
          const started = Date.now();
          const runFailures = await segment(pipeline, overrides, runDir, predDir);
          if (trainFailures + runFailures > 0) process.exitCode = 1;
          const secondsPerVolume = (Date.now() - started) / 1000 / Math.max(1, testCases.length);
          const { positives, metrics, byType, negatives } = await scoreMasks(predDir, heldOut);
          await writeReport({ pred: predDir, dataset: heldOut, out: join(dir, 'report.html'), viewer: 3, logger });
          const result: VariantResult = { variant: name, dir: folder, fingerprint, overrides, secondsPerVolume, score: { positives, metrics, byType, negatives } };
          await writeFileAtomic(resultFile, JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
          return result;
        })();
        // The fit is there when the variant is done (or was kept from before); a failure is reported by the variant itself.
        const fitted = task.then(() => undefined);
        fitted.catch(() => undefined);
        for (const stage of pipeline.stages) {
          const sig = signatures.get(stage.key)!;
          if (typeof stage.stage.prototype.fit === 'function' && !learned.has(sig)) learned.set(sig, { dir: stageStateDir(join(dir, 'run'), stage.key), fitted });
        }
        tasks.push(task);
        if (!queue) await task; // here: one variant after another; on a queue, variants whose fits do not depend on each other run side by side
      }
    } finally {
      await Promise.allSettled(tasks);
      process.off('SIGINT', onInterrupt);
      await queue?.queue.close();
    }
    const results = await Promise.all(tasks);
    // Per type: mean Dice of the cases containing it, a column for every type of the held-out set.
    const perType = results.map((r) => diceByType(r.score.byType));
    const types = [...new Set(perType.flatMap((t) => [...t.keys()]))].sort();
    const typeCell = (i: number, type: string) => f(perType[i]!.get(type)?.mean ?? NaN);
    const csv = [['variant,dice_mean,dice_std,dice_median,hd95_mean,nsd_mean,seconds_per_volume,negatives_empty', ...types.map((t) => `dice_${t}`)].join(',')];
    const md = [
      `| variant | Dice mean ± std | median | ${types.map((t) => `${t} (n=${perType[0]!.get(t)?.n ?? 0})`).join(' | ')}${types.length ? ' | ' : ''}HD95 (mm) | NSD | s / volume | negatives predicted empty | report |`,
      `| --- | --- | --- | ${types.map(() => '--- | ').join('')}--- | --- | --- | --- | --- |`,
    ];
    for (const [i, r] of results.entries()) {
      const m = r.score.metrics;
      csv.push(
        [
          JSON.stringify(r.variant),
          m.dice.mean,
          m.dice.std,
          m.dice.median,
          m.hd95.mean,
          m.nsd.mean,
          r.secondsPerVolume.toFixed(3),
          `${r.score.negatives.emptyPredicted}/${r.score.negatives.n}`,
          ...types.map((t) => perType[i]!.get(t)?.mean ?? ''),
        ].join(','),
      );
      md.push(
        `| ${r.variant} | ${f(m.dice.mean)} ± ${f(m.dice.std)} | ${f(m.dice.median)} | ${types.map((t) => `${typeCell(i, t)} | `).join('')}${f(m.hd95.mean, 1)} | ${f(m.nsd.mean)} | ${f(r.secondsPerVolume, 2)} | ${r.score.negatives.emptyPredicted}/${r.score.negatives.n} | variants/${r.dir}/report.html |`,
      );
    }
    await writeFileAtomic(join(out, 'results.csv'), csv.join('\n') + '\n');
    await writePng(
      join(out, 'results.png'),
      barChart(
        results.map((r) => ({ label: r.variant, value: r.score.metrics.dice.mean, error: r.score.metrics.dice.std })),
        'Dice mean on held-out cases with bleed (line: 1 std)',
      ),
    );
    await writeFileAtomic(
      join(out, 'results.md'),
      `${md.join('\n')}\n\n${testCases.length} held-out cases (${results[0]?.score.positives.n ?? 0} with bleed); metrics over the cases with bleed; a type's column: the mean Dice of the cases containing it.\n`,
    );
    process.stdout.write(`${md.join('\n')}\n\nresults: ${join(out, 'results.md')}, ${join(out, 'results.csv')}, ${join(out, 'results.png')}\n`);
  },
};
