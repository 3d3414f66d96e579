import type { CommandModule } from 'yargs';
import { HemocamError } from '@hemocam/core';
import { runInference } from '@hemocam/runner';
import type { OutputFormat } from '@hemocam/io';
import { openQueue } from '../queue/openQueue.js';
import { parseQueueUrl } from '../queue/parseQueueUrl.js';
import { submitRun } from '../queue/submitRun.js';
import { openCases } from './openCases.js';
import { executeBatch } from './executeBatch.js';
import { withExecution, type ExecutionArgs } from './sharedOptions.js';

interface RunArgs extends ExecutionArgs {
  run: string;
  input: string;
  out: string;
  'save-intermediates': boolean;
  queue?: string;
  attempts: number;
  format: OutputFormat;
}

/** `hemocam run PIPELINE --run RUN --input X --out OUT`: inference only. */
export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <pipeline>',
  describe: 'Run a trained pipeline on new scans and write the masks',
  builder: (y) =>
    withExecution(y)
      .option('run', { type: 'string', demandOption: true, describe: 'Run directory made by `hemocam train`' })
      .option('input', { type: 'string', demandOption: true, describe: 'A .nii/.nii.gz file, a folder of NIfTI files or DICOM series, or a dataset (see README: Datasets)' })
      .option('out', { type: 'string', demandOption: true, describe: 'Output folder (<id>_mask.nii.gz, ...)' })
      .option('format', {
        choices: ['nifti', 'dicom-seg', 'both'] as const,
        default: 'nifti' as const,
        describe: 'How masks are written: NIfTI (<id>_mask.nii.gz), DICOM-SEG (<id>_mask.seg.dcm, for PACS and viewers; DICOM input only), or both',
      })
      .option('save-intermediates', { type: 'boolean', default: false, describe: 'Also write every intermediate artifact (CAM, pseudo mask, ...)' })
      .option('queue', { type: 'string', describe: 'redis://[:password@]host:port/db: enqueue one job per case for `hemocam worker`s and follow them (see README: More than one machine)' })
      .option('attempts', { type: 'number', default: 2, describe: 'With --queue: attempts per case before it counts as failed' })
      .example('$0 run examples/default.yaml --run runs/default --input scans/ --out pred/', '')
      .example('$0 run examples/default.yaml --run runs/default --input dicom-series/ --out pred/ --format both', 'masks as NIfTI and as DICOM-SEG')
      .example('$0 run examples/default.yaml --run /shared/run --input /shared/scans --out /shared/pred --queue redis://queue.lab:6379/0', ''),
  handler: async (args) => {
    if (!Number.isInteger(args.attempts) || args.attempts < 1) throw new HemocamError('USAGE', '--attempts must be a positive integer');
    await executeBatch(
      args,
      async (setup) => {
        const cases = await openCases(args.input, args.split, setup.logger);
        if (args.queue !== undefined) {
          const connection = parseQueueUrl(args.queue);
          const queue = await openQueue(connection);
          try {
            return await submitRun({
              ...setup,
              queue,
              display: connection.display,
              pipelinePath: args.pipeline,
              set: args.set,
              cases,
              run: args.run,
              input: args.input,
              split: args.split,
              out: args.out,
              saveIntermediates: args['save-intermediates'],
              format: args.format,
              backend: args.backend,
              force: args.force,
              attempts: args.attempts,
            });
          } finally {
            await queue.close();
          }
        }
        return runInference({ ...setup, cases, runDir: args.run, outDir: args.out, saveIntermediates: args['save-intermediates'], format: args.format, backend: args.backend, force: args.force });
      },
      args.queue === undefined ? args.out : undefined,
    ); // queued jobs are deduplicated by id instead
  },
};
