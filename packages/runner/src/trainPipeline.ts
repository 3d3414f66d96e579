import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type CaseStore, HemocamError, stageStateDir, writeFileAtomic, CORE_VERSION, firstDifference } from '@hemocam/core';
import { StageRuntime, type BatchReport, type RunnerOptions } from './StageRuntime.js';

export const MANIFEST = 'manifest.json';

export interface RunManifest {
  hemocam: string;
  createdAt: string;
  seed: number;
  backend: string;
  pipeline: string;
  stages: { key: string; use: string; plugin: string; pluginVersion: string; config: unknown; fitted: boolean }[];
  cases: string[];
}

/**
 * `hemocam train`: each stage that can learn fits, in run order, on the outputs of the
 * stages before it over the training cases (which carry weak labels, never masks); then it
 * runs over them so that later stages can learn from its outputs. Learned state and a
 * manifest land in the run directory, which appears only when training succeeded.
 */
export async function trainPipeline(options: RunnerOptions): Promise<BatchReport> {
  const runDir = resolve(options.runDir);
  if (existsSync(runDir) && !options.force) {
    throw new HemocamError('EXISTS', `${options.runDir} already exists; choose another --out or pass --force to replace it`, { file: runDir });
  }
  // Work happens in RUN.partial, renamed to RUN when training succeeds. An interrupted run
  // leaves it (with its stages' checkpoints) for --resume; a failed one without checkpoints is removed.
  const staging = `${runDir}.partial`;
  if (existsSync(staging)) {
    if (options.force && !options.resume) await rm(staging, { recursive: true, force: true });
    else if (!options.resume) {
      throw new HemocamError('EXISTS', `an interrupted training run is at ${staging}; pass --resume to continue it or --force to start again`, { file: staging });
    }
  } else if (options.resume) {
    options.logger.warn(`nothing to resume at ${staging}; training from the start`);
  }
  // What the checkpoints were made from: a resume with other data or options would mix two trainings.
  const fingerprintFile = join(staging, 'resume.json');
  const fingerprint = {
    stages: Object.fromEntries(options.pipeline.stages.map((s) => [s.key, { use: s.use, config: s.config }])),
    seed: options.pipeline.document.seed,
    cases: options.cases.map((c) => `${c.id}=${c.path}`),
  };
  if (options.resume && existsSync(fingerprintFile)) checkResumeFingerprint(fingerprintFile, JSON.parse(JSON.stringify(fingerprint)) as typeof fingerprint, staging);
  const runtime = new StageRuntime(options, staging);
  const { pipeline, logger, progress } = options;
  await mkdir(staging, { recursive: true });
  await writeFileAtomic(fingerprintFile, JSON.stringify(fingerprint) + '\n');
  let succeeded = false;
  try {
    const loading = progress.start('loading cases', options.cases.length);
    let cases: CaseStore[] = [];
    for (const source of options.cases) {
      runtime.throwIfAborted();
      const item = await runtime.loadCase(source);
      if (item) cases.push(item);
      loading.tick(1, source.id);
    }
    loading.done();
    if (cases.length === 0) throw new HemocamError('RUNTIME', 'no training case could be read');

    for (const [index, stage] of pipeline.stages.entries()) {
      const instance = await runtime.instantiate(stage);
      const stateDir = stageStateDir(staging, stage.key);
      const view = (item: CaseStore) => item.view(stage.renames);
      try {
        const reused = instance.fit ? options.reuse?.get(stage.key) : undefined;
        if (reused) {
          logger.info(`stages.${stage.key} (${stage.use}): reusing what ${reused} learned (same options, same upstream stages)`);
          await cp(reused, stateDir, { recursive: true });
        } else if (instance.fit) {
          logger.info(`fitting stages.${stage.key} (${stage.use}) on ${cases.length} cases`);
          await mkdir(stateDir, { recursive: true });
          await instance.fit(cases.map(view));
        }
        if (index < pipeline.stages.length - 1) {
          const task = progress.start(`${stage.key} over training cases`, cases.length);
          const kept: CaseStore[] = [];
          for (const item of cases) {
            runtime.throwIfAborted();
            try {
              await instance.run(view(item));
              kept.push(item);
            } catch (error) {
              runtime.fail(item.id, error);
              runtime.release(item);
            }
            task.tick(1, item.id);
          }
          task.done();
          cases = kept;
          if (cases.length === 0) throw new HemocamError('RUNTIME', `every training case failed in stages.${stage.key}`);
        }
      } finally {
        await runtime.dispose(instance, stage.key);
      }
    }
    runtime.report.succeeded.push(...cases.map((c) => c.id));
    const manifest: RunManifest = {
      hemocam: CORE_VERSION,
      createdAt: new Date().toISOString(),
      seed: pipeline.document.seed,
      backend: runtime.report.backend,
      pipeline: pipeline.text,
      stages: pipeline.stages.map((s) => ({
        key: s.key,
        use: s.use,
        plugin: s.plugin.meta.name,
        pluginVersion: s.plugin.meta.version,
        config: s.config,
        fitted: typeof s.stage.prototype.fit === 'function',
      })),
      cases: runtime.report.succeeded,
    };
    await writeFileAtomic(join(staging, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    for (const item of cases) runtime.release(item);
    if (existsSync(runDir)) await rm(runDir, { recursive: true, force: true });
    await rename(staging, runDir);
    succeeded = true;
    runtime.report.outputs.push(runDir);
    return runtime.report;
  } finally {
    if (!succeeded) {
      if (hasCheckpoint(staging)) logger.warn(`training stopped; its checkpoints are kept in ${staging}: run the same command with --resume to continue`);
      else await rm(staging, { recursive: true, force: true });
    }
  }
}

/** Whether any stage left a checkpoint folder under RUN.partial/stages/. */
function hasCheckpoint(staging: string): boolean {
  const stages = join(staging, 'stages');
  return existsSync(stages) && readdirSync(stages).some((key) => existsSync(join(stages, key, 'checkpoint')));
}

/** Refuse to resume checkpoints made from other training cases, options or seed, naming the first difference. */
function checkResumeFingerprint(file: string, now: { stages: Record<string, unknown>; seed: number; cases: string[] }, staging: string): void {
  let then: typeof now;
  try {
    then = JSON.parse(readFileSync(file, 'utf8')) as typeof now;
  } catch (error) {
    throw new HemocamError('INPUT', `${file} is unreadable (${(error as Error).message}); pass --force to start the training again`, { file, cause: error });
  }
  const advice = `pass the same --data and pipeline as the interrupted run, or --force to start again (it deletes ${staging})`;
  const casesThen = new Set(then.cases);
  const changed = now.cases.filter((c) => !casesThen.has(c));
  if (changed.length > 0 || now.cases.length !== then.cases.length) {
    throw new HemocamError(
      'USAGE',
      `--resume: the interrupted run was trained on ${then.cases.length} case(s), this one has ${now.cases.length}${changed[0] ? ` (e.g. ${changed[0].split('=')[0]!} is new)` : ''}; ${advice}`,
      { file },
    );
  }
  if (now.seed !== then.seed) throw new HemocamError('USAGE', `--resume: seed is ${now.seed} but the interrupted run used ${then.seed}; ${advice}`, { file });
  const differs = firstDifference(now.stages, then.stages);
  if (differs) {
    const at = `stages${differs.path.replace(/\.config(?=\.|$)/, '.with')}`;
    throw new HemocamError('USAGE', `--resume: ${at} is ${JSON.stringify(differs.here)} but the interrupted run used ${JSON.stringify(differs.there)}; ${advice}`, { file, path: at });
  }
}
