import { existsSync } from 'node:fs';
import { trainPipeline, type BatchReport, type RunnerOptions } from '@hemocam/runner';
import { drawTrainingCurves } from './drawTrainingCurves.js';

/** `hemocam train` as every CLI command does it: the runner trains, then each learning stage's curves are drawn from its history.json. */
export async function trainRun(options: RunnerOptions): Promise<BatchReport> {
  const report = await trainPipeline(options);
  if (existsSync(options.runDir)) await drawTrainingCurves(options.runDir);
  return report;
}
