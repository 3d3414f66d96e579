import { dirname, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { CommandModule } from 'yargs';
import { parse } from 'yaml';
import { HemocamError, loadPlugins } from '@hemocam/core';

/** The plugins that ship with hemocam; listed when no pipeline names others. */
export const BUILTIN_PLUGINS = ['@hemocam/plugin-resnet-lstm', '@hemocam/plugin-cam', '@hemocam/plugin-pseudomask', '@hemocam/plugin-refine'];

interface PluginsArgs {
  pipeline?: string;
  names: string[];
  json: boolean;
}

/**
 * `hemocam plugins`: the plugins a pipeline names (or the built-in ones, or those given),
 * their stage ids and one-line descriptions. A plugin that fails to load is reported and
 * the others are still listed. Only named packages are loaded: nothing is discovered by scanning.
 */
export const pluginsCommand: CommandModule<object, PluginsArgs> = {
  command: 'plugins [names..]',
  describe: 'List plugins and their stage ids (those a pipeline names, or the built-in ones)',
  builder: (y) =>
    y
      .positional('names', { type: 'string', array: true, default: [] as string[], describe: 'Plugin packages or paths to list' })
      .option('pipeline', { type: 'string', describe: "List this pipeline's plugins" })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON' }),
  handler: async (args) => {
    let specs = args.names.length > 0 ? args.names : BUILTIN_PLUGINS;
    let baseDir = process.cwd();
    if (args.pipeline) {
      const document = parse(await readFile(args.pipeline, 'utf8').catch((cause) => {
        throw new HemocamError('INPUT', `cannot read ${args.pipeline}: ${cause.message}`, { file: args.pipeline });
      }));
      specs = Array.isArray(document?.plugins) ? document.plugins.map(String) : [];
      baseDir = dirname(resolve(args.pipeline));
    }
    const { plugins, failures } = await loadPlugins(specs, baseDir);
    const listing = plugins.map(({ spec, plugin }) => ({
      spec,
      name: plugin.meta.name,
      version: plugin.meta.version,
      stages: Object.entries(plugin.stages).map(([id, stage]) => ({ id, description: stage.description })),
    }));
    if (args.json) {
      process.stdout.write(JSON.stringify({ plugins: listing, failures: failures.map((f) => ({ spec: f.spec, error: f.error.message })) }, null, 2) + '\n');
    } else {
      for (const plugin of listing) {
        process.stdout.write(`${plugin.name} ${plugin.version}\n`);
        for (const stage of plugin.stages) process.stdout.write(`  ${stage.id.padEnd(24)} ${stage.description}\n`);
      }
      for (const failure of failures) process.stdout.write(`${failure.spec}: not loaded: ${failure.error.message}\n`);
      if (listing.length === 0 && failures.length === 0) process.stdout.write('no plugins named\n');
    }
    const explicit = args.names.length > 0 || args.pipeline !== undefined;
    if (failures.length > 0 && explicit) process.exitCode = 2;
  },
};
