import type { CommandModule } from 'yargs';
import { trainRun } from '../report/trainRun.js';
import { openCases } from './openCases.js';
import { executeBatch } from './executeBatch.js';
import { withExecution, type ExecutionArgs } from './sharedOptions.js';

interface TrainArgs extends ExecutionArgs {
  data: string;
  out: string;
  resume: boolean;
}

/** `hemocam train PIPELINE --data DIR --out RUN`. */
export const trainCommand: CommandModule<object, TrainArgs> = {
  command: 'train <pipeline>',
  describe: 'Fit the learning stages of a pipeline on weakly labelled cases; save the run',
  builder: (y) =>
    withExecution(y)
      .option('data', { type: 'string', demandOption: true, describe: 'Training dataset: any layout hemocam reads (README: Datasets); only images and weak labels are used' })
      .option('out', { type: 'string', demandOption: true, describe: 'Run directory to create (model weights, stage configs, manifest.json)' })
      .option('resume', { type: 'boolean', default: false, describe: 'Continue an interrupted run from its checkpoints (OUT.partial)' })
      .example('$0 train examples/default.yaml --data phantom/train --out runs/default', ''),
  handler: async (args) => {
    await executeBatch(
      args,
      async (setup) => {
        const cases = await openCases(args.data, args.split, setup.logger);
        const report = await trainRun({ ...setup, cases, runDir: args.out, backend: args.backend, force: args.force, resume: args.resume });
        setup.logger.info(`trained on ${report.succeeded.length} case(s); run saved to ${args.out}`);
        return report;
      },
      args.out,
    );
  },
};
