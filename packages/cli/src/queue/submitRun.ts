import { resolve } from 'node:path';
import type { Job, Queue } from 'bullmq';
import { checkFormatFits, checkOutputFolder, checkRunMatches, existingOutputs, outputArtifacts, type BatchReport } from '@hemocam/runner';
import { HemocamError, type BackendName, type Logger, type Progress, type ValidatedPipeline } from '@hemocam/core';
import type { OutputFormat, CaseSource } from '@hemocam/io';
import { caseJobId, jobOptions, type CaseJobData, type CaseJobResult } from './CaseJob.js';
import { runFingerprint } from './runFingerprint.js';

export interface SubmitOptions {
  queue: Queue;
  /** The queue URL as it may be printed (no password). */
  display: string;
  pipelinePath: string;
  set: string[];
  pipeline: ValidatedPipeline;
  cases: readonly CaseSource[];
  run: string;
  input: string;
  split?: string;
  out: string;
  saveIntermediates: boolean;
  format: OutputFormat;
  backend?: BackendName;
  force: boolean;
  /** Attempts per case before it lands in the failed set. */
  attempts: number;
  logger: Logger;
  progress: Progress;
  signal: AbortSignal;
  /** How often the job states are read, ms. */
  pollMs?: number;
}

/**
 * `hemocam run --queue`: one BullMQ job per case, its id made from the run's fingerprint and the
 * case id, so that submitting the same run again (after a crash of this process, or from another
 * shell) adds nothing and follows the jobs already there. Then follows them to the end and
 * returns the same report as a local run.
 */
export async function submitRun(options: SubmitOptions): Promise<BatchReport> {
  const { queue, logger } = options;
  const [run, input, out] = [resolve(options.run), resolve(options.input), resolve(options.out)];
  checkRunMatches(options.pipeline, run, options.run);
  checkOutputFolder(out, options.out);
  checkFormatFits(options.format, options.cases);
  const fingerprint = runFingerprint({ pipelineText: options.pipeline.text, run, input, split: options.split, out, saveIntermediates: options.saveIntermediates, format: options.format });
  const ids = options.cases.map((c) => caseJobId(fingerprint, c.id));
  const existing = await Promise.all(ids.map((id) => queue.getJob(id)));
  if (options.force) {
    // --force: finished jobs of this run are done again; jobs still waiting or running are followed as they are.
    for (const [i, job] of existing.entries()) {
      const state = job ? await job.getState() : undefined;
      if (job && (state === 'completed' || state === 'failed')) {
        await job.remove();
        existing[i] = undefined;
      }
    }
  } else {
    const artifacts = outputArtifacts(options.pipeline, options.saveIntermediates);
    const clashes = options.cases.filter((_, i) => !existing[i]).flatMap((c) => existingOutputs(out, c.id, artifacts, options.pipeline.artifactKinds, options.format));
    if (clashes.length > 0)
      throw new HemocamError('EXISTS', `${clashes.length} output file(s) already exist, e.g. ${clashes[0]}; choose another --out or pass --force to replace them`, { file: clashes[0] });
  }
  const jobs = options.cases
    .map((c, i) => ({ c, id: ids[i]!, known: existing[i] }))
    .filter((j) => !j.known)
    .map(({ c, id }) => {
      const data: CaseJobData = {
        pipeline: resolve(options.pipelinePath),
        set: options.set,
        run,
        input,
        split: options.split,
        caseId: c.id,
        out,
        saveIntermediates: options.saveIntermediates,
        format: options.format,
        backend: options.backend,
      };
      return { name: 'case', data, opts: jobOptions(id, options.attempts) };
    });
  if (jobs.length > 0) await queue.addBulk(jobs);
  logger.info(`queue ${options.display}: ${jobs.length} case job(s) added, ${ids.length - jobs.length} already there (followed); run ${fingerprint}`);
  return followJobs(queue, options.cases, ids, options);
}

/** Read the jobs' states until every one is completed or failed for good, with a progress bar of cases done. */
async function followJobs(queue: Queue, cases: readonly CaseSource[], ids: readonly string[], options: SubmitOptions): Promise<BatchReport> {
  const report: BatchReport = { backend: `queue ${options.display}`, succeeded: [], failed: [], outputs: [] };
  const pending = new Map(ids.map((id, i) => [id, cases[i]!.id]));
  const task = options.progress.start('cases (queue)', ids.length);
  while (pending.size > 0) {
    if (options.signal.aborted) {
      throw new HemocamError(
        'RUNTIME',
        `interrupted: ${pending.size} case job(s) go on in the queue; run the same command again to follow them, or \`hemocam queue status --queue ${options.display}\``,
      );
    }
    for (const [id, caseId] of [...pending]) {
      // The state first, then the job: read the other way round, a job that finishes in between would look finished with no result.
      const state = await queue.getJobState(id);
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') continue;
      const job = (await queue.getJob(id)) as Job<CaseJobData, CaseJobResult> | undefined;
      if (state === 'completed' && job) {
        report.succeeded.push(caseId);
        report.outputs.push(...((job.returnvalue as CaseJobResult | null)?.files ?? []));
      } else {
        report.failed.push({ id: caseId, message: job?.failedReason || 'the job was removed from the queue', ...(job?.data.failure ? { code: job.data.failure } : {}) });
      }
      pending.delete(id);
      task.tick(1, `${report.succeeded.length} done, ${report.failed.length} failed`);
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
  }
  task.done();
  options.logger.info(`${report.succeeded.length} case(s) done, ${report.failed.length} failed; outputs in ${resolve(options.out)}`);
  return report;
}
