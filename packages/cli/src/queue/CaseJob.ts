import type { BackendName, HemocamErrorCode } from '@hemocam/core';
import type { OutputFormat } from '@hemocam/io';

/** The BullMQ queue hemocam's case jobs go to. */
export const QUEUE_NAME = 'hemocam-cases';

/** What a worker needs to segment one case: every path absolute, as every worker sees the shared folder. */
export interface CaseJobData {
  pipeline: string;
  /** `--set` overrides of the submitting command. */
  set: string[];
  run: string;
  input: string;
  split?: string;
  caseId: string;
  out: string;
  saveIntermediates: boolean;
  /** How masks are written; absent in jobs of earlier versions (NIfTI). */
  format?: OutputFormat;
  backend?: BackendName;
  /** Set by the worker when the case failed: the kind of its error, so the submitter exits as a local run would. */
  failure?: HemocamErrorCode;
}

/** What a finished case job returns. */
export interface CaseJobResult {
  files: string[];
  /** True when an earlier, interrupted attempt had already written every output. */
  reused: boolean;
}

/** A job id from the run's fingerprint and the case id: the same case of the same run is the same job. BullMQ ids may not hold ':'. */
export function caseJobId(fingerprint: string, caseId: string): string {
  return `${fingerprint}-${encodeURIComponent(caseId).replace(/:/g, '%3A')}`;
}

/** How hemocam adds every job: its own id, retried `attempts` times a second apart, kept in Redis when done or failed (for status and resubmission). */
export function jobOptions(jobId: string, attempts: number) {
  return { jobId, attempts, backoff: { type: 'fixed', delay: 1000 }, removeOnComplete: false, removeOnFail: false };
}
