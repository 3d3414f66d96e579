import type { Job, Queue } from 'bullmq';
import { HemocamError } from '@hemocam/core';
import { jobOptions } from './CaseJob.js';

/**
 * Add a job unless one with this id is there (with `redo`, a finished one is removed and added
 * again), then wait until it completes (its return value) or fails for good (a RUNTIME error
 * with the worker's message).
 */
export async function awaitJob<R>(
  queue: Queue,
  job: { name: string; id: string; data: object; attempts: number },
  options: { redo: boolean; signal: AbortSignal; what: string; pollMs?: number },
): Promise<R> {
  const existing = await queue.getJobState(job.id);
  if (options.redo && (existing === 'completed' || existing === 'failed')) await (await queue.getJob(job.id))?.remove();
  if (existing === 'unknown' || options.redo) await queue.add(job.name, job.data, jobOptions(job.id, job.attempts));
  for (;;) {
    if (options.signal.aborted) throw new HemocamError('RUNTIME', `interrupted: ${options.what} goes on in the queue; run the same command again to follow it`);
    const state = await queue.getJobState(job.id);
    if (state === 'completed' || state === 'failed' || state === 'unknown') {
      const done = (await queue.getJob(job.id)) as Job<object, R> | undefined;
      if (state === 'completed' && done) return done.returnvalue;
      throw new HemocamError('RUNTIME', `${options.what} failed: ${done?.failedReason || 'the job was removed from the queue'}`);
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
  }
}
