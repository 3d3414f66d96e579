import type { CommandModule } from 'yargs';
import { validatePipeline } from '@hemocam/core';
import { withPipeline, type PipelineArgs } from './sharedOptions.js';

/** `hemocam validate PIPELINE`: every problem at once, with YAML paths and lines. */
export const validateCommand: CommandModule<object, PipelineArgs> = {
  command: 'validate <pipeline>',
  describe: 'Check a pipeline YAML: plugins, stage ids, options and the artifact graph',
  builder: (y) => withPipeline(y).example('$0 validate examples/default.yaml --set stages.cam.use=grad-cam', 'check a variant'),
  handler: async (args) => {
    const pipeline = await validatePipeline(args.pipeline, { overrides: args.set });
    for (const notice of pipeline.notices) process.stderr.write(`hemocam: warning: ${notice}\n`);
    const order = pipeline.stages.map((s) => `${s.key} (${s.use}${s.trainOnly ? ', train only' : ''})`).join(' → ');
    const skipped = pipeline.stages.filter((s) => s.trainOnly).length;
    process.stdout.write(`${args.pipeline}: valid; ${pipeline.stages.length} stage(s): ${order}${skipped ? `; hemocam run runs ${pipeline.stages.length - skipped}` : ''}\n`);
  },
};
