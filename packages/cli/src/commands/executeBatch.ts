import { HemocamError, type Logger, type Progress, type ValidatedPipeline, validatePipeline } from '@hemocam/core';
import type { BatchReport } from '@hemocam/runner';
import { createCliLogger } from '../cliLogger.js';
import { createCliProgress } from '../cliProgress.js';
import { lockOutput } from '../lockOutput.js';
import type { ExecutionArgs } from './sharedOptions.js';

export interface BatchSetup {
  pipeline: ValidatedPipeline;
  logger: Logger;
  progress: Progress;
  signal: AbortSignal;
}

/**
 * Validate the pipeline, hold the output's lock (when given), wire logging, progress and Ctrl-C (first: stop after the current
 * case, second: exit now), run the batch, and set the exit code from its report.
 */
export async function executeBatch(args: ExecutionArgs, run: (setup: BatchSetup) => Promise<BatchReport>, lockTarget?: string): Promise<void> {
  const pipeline = await validatePipeline(args.pipeline, { overrides: args.set });
  const release = lockTarget === undefined ? undefined : await lockOutput(lockTarget);
  const logger = createCliLogger({ quiet: args.quiet });
  const progress = createCliProgress({ quiet: args.quiet });
  for (const notice of pipeline.notices) logger.warn(notice);
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    logger.warn('interrupted: stopping after the current step (Ctrl-C again to quit now; no partial outputs are kept)');
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  try {
    const report = await run({ pipeline, logger, progress, signal: controller.signal });
    if (report.failed.length > 0) {
      process.stderr.write(`hemocam: ${report.failed.length} case(s) failed:\n`);
      for (const failure of report.failed) process.stderr.write(`  ${failure.id}: ${failure.message}\n`);
      // 2 when every failed case failed on its input or config (the user's to fix), 1 when any failed at run time.
      process.exitCode = report.failed.every((f) => f.code !== undefined && f.code !== 'RUNTIME') ? 2 : 1;
    }
  } catch (error) {
    if (controller.signal.aborted && !(error instanceof HemocamError)) throw new HemocamError('RUNTIME', 'interrupted', { cause: error });
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
    await release?.();
  }
}
