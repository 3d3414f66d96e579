import { statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { UnrecoverableError, type Job } from 'bullmq';
import { existingOutputs, openDataset, openInferenceSession, resolvePluginEntry, validatePipeline, type CaseSource, type InferenceSession, type Logger, type Progress } from '@hemocam/core';
import type { CaseJobData, CaseJobResult } from './CaseJob.js';

/** Whether `path` lies inside one of the roots. */
function inside(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => {
    const rel = relative(root, path);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  });
}

/**
 * The worker side of a case job: refuse a job whose paths (or path-named plugins) leave the
 * worker's roots, keep one inference session per pipeline and run folder (models load once),
 * skip a case whose outputs an interrupted earlier attempt of this job already wrote, else
 * segment the case and write its outputs atomically. A failure throws the same one-line
 * message a local run prints, which BullMQ keeps as the job's failed reason.
 */
export function caseJobProcessor(options: { roots: readonly string[]; logger: Logger; progress: Progress; signal: AbortSignal }) {
  const roots = options.roots.map((r) => resolve(r));
  let session: { key: string; value: InferenceSession } | undefined;
  const datasets = new Map<string, CaseSource[]>();

  async function sessionFor(data: CaseJobData): Promise<InferenceSession> {
    const key = JSON.stringify([data.pipeline, data.set, data.run, data.out, data.saveIntermediates, data.backend]);
    if (session?.key === key) return session.value;
    await session?.value.dispose();
    session = undefined;
    const pipeline = await validatePipeline(data.pipeline, { overrides: data.set });
    for (const spec of pipeline.document.plugins) {
      if (!(spec.startsWith('.') || isAbsolute(spec))) continue; // a package name resolves through node_modules, as locally
      const entry = resolvePluginEntry(spec, dirname(data.pipeline)).file;
      if (!inside(entry, roots)) throw new UnrecoverableError(`plugin ${spec} (${entry}) lies outside this worker's roots (${roots.join(', ')}); refused`);
    }
    const value = await openInferenceSession({
      pipeline,
      runDir: data.run,
      outDir: data.out,
      saveIntermediates: data.saveIntermediates,
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

  const processor = async (job: Job<CaseJobData, CaseJobResult>): Promise<CaseJobResult> => {
    const data = job.data;
    const paths: Record<string, unknown> = { pipeline: data.pipeline, run: data.run, input: data.input, out: data.out }; // from Redis: checked, not trusted
    for (const [what, path] of Object.entries(paths)) {
      if (typeof path !== 'string' || !isAbsolute(path) || !inside(resolve(path), roots)) {
        throw new UnrecoverableError(`the job's ${what} path ${String(path)} lies outside this worker's roots (${roots.join(', ')}); start the worker with --root covering the shared folder`);
      }
    }
    const value = await sessionFor(data);
    const source = await caseOf(data);
    if (job.attemptsStarted > 1) {
      // An earlier attempt may have died after writing: outputs at least as new as the job are its own.
      const written = existingOutputs(data.out, data.caseId, value.artifacts).filter((f) => statSync(f).mtimeMs >= job.timestamp);
      if (written.length >= value.artifacts.length) {
        options.logger.info(`case ${data.caseId}: outputs written by an earlier attempt of this job, kept`);
        return { files: written, reused: true };
      }
    }
    options.logger.info(`case ${data.caseId}: started (attempt ${job.attemptsStarted})`);
    const outcome = await value.runCase(source);
    if (!outcome.ok) throw new Error(outcome.message);
    options.logger.info(`case ${data.caseId}: wrote ${outcome.files.length} file(s)`);
    return { files: outcome.files, reused: false };
  };
  return { processor, dispose: async () => session?.value.dispose() };
}
