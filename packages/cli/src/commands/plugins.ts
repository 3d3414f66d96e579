import { dirname, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { CommandModule } from 'yargs';
import { z } from 'zod';
import { relative } from 'node:path';
import { composePipelineYaml, HemocamError, loadPlugins, stageNeeds, stageProvides, type Plugin, type StageClass } from '@hemocam/core';
import { stageSources, type SourceLocation } from '../plugins/stageSources.js';

/** The plugins that ship with hemocam; listed when no pipeline names others. */
export const BUILTIN_PLUGINS = ['@hemocam/plugin-resnet-lstm', '@hemocam/plugin-cam', '@hemocam/plugin-pseudomask', '@hemocam/plugin-refine'];

interface PluginsArgs {
  pipeline?: string;
  names: string[];
  json: boolean;
  describe: boolean;
}

/** The JSON Schema keywords read here (zod's `toJSONSchema` output for a stage's options). */
interface SchemaFragment {
  enum?: unknown[];
  const?: unknown;
  anyOf?: SchemaFragment[];
  type?: string;
  prefixItems?: SchemaFragment[];
  items?: SchemaFragment;
  default?: unknown;
  description?: string;
}

/** A JSON Schema fragment as a short type: `number`, `'otsu' | number`, `boolean`, ... */
function typeOf(schema: SchemaFragment): string {
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' | ');
  if (schema.type === 'array') return schema.prefixItems ? `[${schema.prefixItems.map(typeOf).join(', ')}]` : `${typeOf(schema.items ?? {})}[]`;
  return schema.type === 'integer' ? 'integer' : (schema.type ?? 'any');
}

/** A path relative to the working folder when it lies inside it, else absolute. */
const shortPath = (file: string) => (relative(process.cwd(), file).startsWith('..') ? file : relative(process.cwd(), file));

/** The options of a stage (from its zod schema), with its artifacts: what `--describe` prints. */
function describeStage(stage: StageClass, plugin: Plugin, source: SourceLocation | undefined): string {
  const json = z.toJSONSchema(stage.configSchema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, SchemaFragment> };
  const defaults: unknown = stage.configSchema.safeParse({}).data;
  const kinds = (names: readonly string[]) => names.map((n) => (plugin.artifacts?.[n] ? `${n} (${plugin.artifacts[n].kind})` : n)).join(', ');
  const lines = [
    `      source ${source ? `${shortPath(source.file)}:${source.line}` : 'unknown (not a class V8 can place)'}`,
    `      needs ${stageNeeds(stage, defaults).join(', ') || '–'} → provides ${kinds(stageProvides(stage, defaults))}`,
  ];
  for (const [name, option] of Object.entries(json.properties ?? {})) {
    const fallback = option.default === undefined ? '' : ` = ${JSON.stringify(option.default)}`;
    lines.push(`      ${name}: ${typeOf(option)}${fallback}${option.description ? `  — ${option.description}` : ''}`);
  }
  return lines.join('\n') + '\n';
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
      .option('describe', { type: 'boolean', default: false, describe: "Also print each stage's source file and line, its options (type, default, meaning) and artifacts" })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON' }),
  handler: async (args) => {
    let specs = args.names.length > 0 ? args.names : BUILTIN_PLUGINS;
    let baseDir = process.cwd();
    if (args.pipeline) {
      const file = resolve(args.pipeline);
      const text = await readFile(file, 'utf8').catch((cause: unknown) => {
        throw new HemocamError('INPUT', `cannot read ${args.pipeline}: ${(cause as Error).message}`, { file: args.pipeline });
      });
      // The plugins the pipeline names, with its `extends:` chain resolved; the rest need not validate.
      const { doc } = await composePipelineYaml(text, file);
      const document = doc.toJS({ maxAliasCount: 100 }) as { plugins?: unknown } | null;
      specs = Array.isArray(document?.plugins) ? document.plugins.map(String) : [];
      baseDir = dirname(file);
    }
    const { plugins, failures } = await loadPlugins(specs, baseDir);
    const listing = plugins.map(({ spec, plugin }) => ({
      spec,
      name: plugin.meta.name,
      version: plugin.meta.version,
      plugin,
      stages: Object.entries(plugin.stages).map(([id, stage]) => ({ id, description: stage.description, stage })),
    }));
    const sources = args.describe ? await stageSources(listing.flatMap((p) => p.stages.map((s) => s.stage))) : new Map<object, SourceLocation>();
    if (args.json) {
      const plain = listing.map(({ plugin, ...p }) => ({
        ...p,
        artifacts: plugin.artifacts ?? {},
        stages: p.stages.map(({ id, description, stage }) => ({
          id,
          description,
          ...(args.describe ? { source: sources.get(stage), options: z.toJSONSchema(stage.configSchema, { io: 'input', unrepresentable: 'any' }) } : {}),
        })),
      }));
      process.stdout.write(JSON.stringify({ plugins: plain, failures: failures.map((f) => ({ spec: f.spec, error: f.error.message })) }, null, 2) + '\n');
    } else {
      for (const plugin of listing) {
        process.stdout.write(`${plugin.name} ${plugin.version}\n`);
        for (const stage of plugin.stages) {
          process.stdout.write(`  ${stage.id.padEnd(24)} ${stage.description}\n`);
          if (args.describe) process.stdout.write(describeStage(stage.stage, plugin.plugin, sources.get(stage.stage)));
        }
      }
      for (const failure of failures) process.stdout.write(`${failure.spec}: not loaded: ${failure.error.message}\n`);
      if (listing.length === 0 && failures.length === 0) process.stdout.write('no plugins named\n');
    }
    const explicit = args.names.length > 0 || args.pipeline !== undefined;
    if (failures.length > 0 && explicit) process.exitCode = 2;
  },
};
