import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { UnrecoverableError, type Job } from 'bullmq';
import { existingOutputs, openInferenceSession, type InferenceSession } from '@hemocam/runner';
import { trainRun } from '../report/trainRun.js';
import { openDataset, outputFileCount, type CaseSource } from '@hemocam/io';
import { resolvePluginEntry, validatePipeline, type Logger, type Progress } from '@hemocam/core';
import type { CaseJobData, CaseJobResult } from './CaseJob.js';
import type { TrainJobData, TrainJobResult } from './TrainJob.js';

/** Whether `path` lies inside one of the roots. */
function inside(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => {
    const rel = relative(root, path);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  });
}

/**
 * The worker side of the queue. A case job: refuse a job whose paths (or path-named plugins) leave the
 * worker's roots, keep one inference session per pipeline and run folder (models load once),
 * skip a case whose outputs an interrupted earlier attempt of this job already wrote, else
 * segment the case and write its outputs atomically. A failure throws the same one-line
 * message a local run prints, which BullMQ keeps as the job's failed reason. A train job (an
 * ablation variant's fit): the same checks, then `trainRun` into the variant's run folder.
 */
export function queueJobProcessor(options: { roots: readonly string[]; logger: Logger; progress: Progress; signal: AbortSignal }) {
  const roots = options.roots.map((r) => resolve(r));
  let session: { key: string; value: InferenceSession } | undefined;
  const datasets = new Map<string, CaseSource[]>();

  async function sessionFor(data: CaseJobData): Promise<InferenceSession> {
    const key = JSON.stringify([data.pipeline, data.set, data.run, data.out, data.saveIntermediates, data.format, data.backend]);
    if (session?.key === key) return session.value;
    await session?.value.dispose();
    session = undefined;
    const pipeline = await pipelineOf(data.pipeline, data.set);
    const value = await openInferenceSession({
      pipeline,
      runDir: data.run,
      outDir: data.out,
      saveIntermediates: data.saveIntermediates,
      format: data.format,
      backend: data.backend,
      logger: options.logger,
      progress: options.progress,
      signal: options.signal,
      force: true,
    });
    session = { key, value };
    return value;
  }

  async function caseOf(data: CaseJobData): Promise<CaseSource> {
    const key = `${data.input}\u0000${data.split ?? ''}`;
    let cases = datasets.get(key);
    if (!cases) {
      const dataset = await openDataset(data.input);
      cases = data.split ? dataset.cases.filter((c) => c.split === data.split) : dataset.cases;
      datasets.set(key, cases);
    }
    const found = cases.find((c) => c.id === data.caseId);
    if (!found) throw new UnrecoverableError(`case ${data.caseId} is not in ${data.input} as this worker sees it; is the shared folder the same here?`);
    return found;
  }

  /** Job data comes from Redis: every path is checked, not trusted. */
  function checkPaths(paths: Record<string, unknown>): void {
    for (const [what, path] of Object.entries(paths)) {
      if (typeof path !== 'string' || !isAbsolute(path) || !inside(resolve(path), roots)) {
        throw new UnrecoverableError(`the job's ${what} path ${String(path)} lies outside this worker's roots (${roots.join(', ')}); start the worker with --root covering the shared folder`);
      }
    }
  }

  async function pipelineOf(path: string, set: string[]) {
    const pipeline = await validatePipeline(path, { overrides: set });
    for (const spec of pipeline.document.plugins) {
      if (!(spec.startsWith('.') || isAbsolute(spec))) continue; // a package name resolves through node_modules, as locally
      const entry = resolvePluginEntry(spec, dirname(path)).file;
      if (!inside(entry, roots)) throw new UnrecoverableError(`plugin ${spec} (${entry}) lies outside this worker's roots (${roots.join(', ')}); refused`);
    }
    return pipeline;
  }

  /** An ablation variant's fit; a retry after a worker died continues from its checkpoints. */
  async function train(job: Job<TrainJobData, TrainJobResult>): Promise<TrainJobResult> {
    const data = job.data;
    checkPaths({ pipeline: data.pipeline, data: data.data, run: data.runDir, ...Object.fromEntries(data.reuse.map(([key, dir]) => [`reuse ${key}`, dir])) });
    await session?.value.dispose();
    session = undefined;
    const pipeline = await pipelineOf(data.pipeline, data.set);
    const dataset = await openDataset(data.data);
    const cases = data.trainSplit ? dataset.cases.filter((c) => c.split === 'train') : dataset.cases;
    const resume = job.attemptsStarted > 1 && existsSync(`${data.runDir}.partial`);
    options.logger.info(`train ${data.runDir}: started (attempt ${job.attemptsStarted}${resume ? ', resuming from its checkpoints' : ''})`);
    const report = await trainRun({
      pipeline,
      cases,
      runDir: data.runDir,
      logger: options.logger,
      progress: options.progress,
      signal: options.signal,
      backend: data.backend,
      force: true,
      resume,
      reuse: new Map(data.reuse),
    });
    options.logger.info(`train ${data.runDir}: done`);
    return { trained: report.succeeded.length, failed: report.failed };
  }

  async function segment(job: Job<CaseJobData, CaseJobResult>): Promise<CaseJobResult> {
    const data = job.data;
    checkPaths({ pipeline: data.pipeline, run: data.run, input: data.input, out: data.out });
    const value = await sessionFor(data);
    const source = await caseOf(data);
    if (job.attemptsStarted > 1) {
      // An earlier attempt may have died after writing: outputs at least as new as the job are its own.
      const written = existingOutputs(data.out, data.caseId, value.artifacts, value.kinds, value.format).filter((f) => statSync(f).mtimeMs >= job.timestamp);
      if (written.length >= outputFileCount(value.artifacts, value.kinds, value.format)) {
        options.logger.info(`case ${data.caseId}: outputs written by an earlier attempt of this job, kept`);
        return { files: written, reused: true };
      }
    }
    options.logger.info(`case ${data.caseId}: started (attempt ${job.attemptsStarted})`);
    const outcome = await value.runCase(source);
    if (!outcome.ok) {
      if (outcome.code) await job.updateData({ ...data, failure: outcome.code });
      throw new Error(outcome.message);
    }
    options.logger.info(`case ${data.caseId}: wrote ${outcome.files.length} file(s)`);
    return { files: outcome.files, reused: false };
  }

  const processor = async (job: Job): Promise<CaseJobResult | TrainJobResult> =>
    job.name === 'train' ? train(job as Job<TrainJobData, TrainJobResult>) : segment(job as Job<CaseJobData, CaseJobResult>);
  return { processor, dispose: async () => session?.value.dispose() };
}
