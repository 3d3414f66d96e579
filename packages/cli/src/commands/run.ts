import type { CommandModule } from 'yargs';
import { runInference } from '@hemocam/core';
import { openCases } from './openCases.js';
import { executeBatch } from './executeBatch.js';
import { withExecution, type ExecutionArgs } from './sharedOptions.js';

interface RunArgs extends ExecutionArgs {
  run: string;
  input: string;
  out: string;
  'save-intermediates': boolean;
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
      .option('save-intermediates', { type: 'boolean', default: false, describe: 'Also write every intermediate artifact (CAM, pseudo mask, ...)' })
      .example('$0 run examples/default.yaml --run runs/default --input scans/ --out pred/', ''),
  handler: async (args) => {
    await executeBatch(args, async (setup) => {
      const cases = await openCases(args.input, args.split, setup.logger);
      return runInference({ ...setup, cases, runDir: args.run, outDir: args.out, saveIntermediates: args['save-intermediates'], backend: args.backend, force: args.force });
    });
  },
};
