import type { Argv } from 'yargs';
import { BACKENDS, type BackendName } from '@hemocam/core';

export interface PipelineArgs {
  pipeline: string;
  set: string[];
}

export interface ExecutionArgs extends PipelineArgs {
  backend?: BackendName;
  split?: string;
  force: boolean;
  quiet: boolean;
}

/** The pipeline positional and `--set`, shared by validate, train and run. */
export function withPipeline<T>(y: Argv<T>) {
  return y
    .positional('pipeline', { type: 'string', demandOption: true, describe: 'Pipeline YAML file' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'Override a YAML value: --set stages.cam.use=grad-cam (repeatable)' });
}

/** Backend, overwrite and verbosity options of train and run. */
export function withExecution<T>(y: Argv<T>) {
  return withPipeline(y)
    .option('backend', { choices: BACKENDS, describe: "Tensor backend (default: the pipeline's, else auto)" })
    .option('split', { choices: ['train', 'val', 'test'], describe: 'Only the cases of this split (datasets with a dataset.json)' })
    .option('force', { type: 'boolean', default: false, describe: 'Replace outputs that already exist' })
    .option('quiet', { type: 'boolean', default: false, describe: 'Only warnings and errors' });
}
