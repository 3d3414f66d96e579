import type { CommandModule } from 'yargs';
import { loadPlugins, pipelineJsonSchema, validatePipeline } from '@hemocam/core';

interface SchemaArgs {
  pipeline?: string;
  plugin: string[];
}

/** `hemocam schema`: JSON Schema of the pipeline format for editors. */
export const schemaCommand: CommandModule<object, SchemaArgs> = {
  command: 'schema',
  describe: 'Print the JSON Schema of pipeline YAML (for editor completion)',
  builder: (y) =>
    y
      .option('pipeline', { type: 'string', describe: "Include the stage options of this pipeline's plugins" })
      .option('plugin', { type: 'string', array: true, default: [] as string[], describe: 'Include the stage options of these plugin packages' })
      .example('$0 schema > hemocam.schema.json', 'then add `# yaml-language-server: $schema=hemocam.schema.json` to your YAML'),
  handler: async (args) => {
    const fromPipeline = args.pipeline ? (await validatePipeline(args.pipeline)).plugins : [];
    const named = await loadPlugins(args.plugin, process.cwd());
    for (const failure of named.failures) throw failure.error;
    process.stdout.write(JSON.stringify(pipelineJsonSchema([...fromPipeline, ...named.plugins]), null, 2) + '\n');
  },
};
