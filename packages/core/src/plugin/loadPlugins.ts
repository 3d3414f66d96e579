import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { PLUGIN_API_VERSION, type Plugin } from '../contracts/Plugin.js';
import { HemocamError } from '../errors/HemocamError.js';
import { resolvePluginEntry } from './resolvePluginEntry.js';

export interface LoadedPlugin {
  /** How the pipeline named it. */
  spec: string;
  plugin: Plugin;
}

export interface PluginLoadResult {
  plugins: LoadedPlugin[];
  /** One error per plugin that could not be loaded, each naming it; `index` is its place in the list. */
  failures: { spec: string; index: number; error: HemocamError }[];
}

const stageClassSchema = z.custom<Plugin['stages'][string]>(
  (value) =>
    typeof value === 'function' &&
    typeof (value as { description?: unknown }).description === 'string' &&
    typeof (value as { configSchema?: { safeParse?: unknown } }).configSchema?.safeParse === 'function' &&
    ['needs', 'provides'].every((f) => {
      const field = (value as unknown as Record<string, unknown>)[f];
      return Array.isArray(field) || typeof field === 'function';
    }),
  'must be a class with static description (string), configSchema (zod), needs and provides',
);

const pluginSchema = z.object({
  meta: z.object({ name: z.string().min(1), version: z.string().min(1) }),
  apiVersion: z.number().int(),
  stages: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'stage ids are lower-case kebab-case'), stageClassSchema),
});

/** Load one plugin by package name or path; every failure is a PLUGIN error naming it. */
export async function loadPlugin(spec: string, baseDir: string): Promise<Plugin> {
  const entry = resolvePluginEntry(spec, baseDir);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(entry.file).href)) as Record<string, unknown>;
  } catch (cause) {
    throw new HemocamError('PLUGIN', `plugin ${spec} threw while loading (${entry.file}): ${(cause as Error).message}`, { cause });
  }
  const candidate = module.default ?? module;
  const parsed = pluginSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(export)'}: ${i.message}`).join('; ');
    throw new HemocamError('PLUGIN', `${spec} is not a hemocam plugin: its default export must be { meta: {name, version}, apiVersion, stages } (${problems})`);
  }
  const plugin = candidate as Plugin;
  if (plugin.apiVersion !== PLUGIN_API_VERSION) {
    const advice = plugin.apiVersion > PLUGIN_API_VERSION ? 'upgrade hemocam (@hemocam/core and @hemocam/cli)' : `install a version of ${spec} written for plugin API ${PLUGIN_API_VERSION}`;
    throw new HemocamError('PLUGIN', `${spec} ${plugin.meta.version} needs hemocam plugin API ${plugin.apiVersion}, but this hemocam speaks API ${PLUGIN_API_VERSION}: ${advice}`);
  }
  const pkg = entry.packageJson;
  if (pkg?.name !== undefined && (pkg.name !== plugin.meta.name || pkg.version !== plugin.meta.version)) {
    throw new HemocamError('PLUGIN', `${spec}: meta says ${plugin.meta.name}@${plugin.meta.version} but its package.json says ${pkg.name}@${pkg.version}; they must match`);
  }
  return plugin;
}

/**
 * Load every named plugin; one that fails does not stop the others. A stage id claimed by
 * two plugins is a failure of the second, naming both.
 */
export async function loadPlugins(specs: readonly string[], baseDir: string): Promise<PluginLoadResult> {
  const result: PluginLoadResult = { plugins: [], failures: [] };
  const owners = new Map<string, string>();
  for (const [index, spec] of specs.entries()) {
    try {
      const plugin = await loadPlugin(spec, baseDir);
      const taken = Object.keys(plugin.stages).filter((id) => owners.has(id));
      if (taken.length > 0) {
        throw new HemocamError('PLUGIN', `${spec} registers stage id ${taken.map((id) => `'${id}' (already registered by ${owners.get(id)})`).join(', ')}; a stage id must be unique across plugins`);
      }
      for (const id of Object.keys(plugin.stages)) owners.set(id, plugin.meta.name);
      result.plugins.push({ spec, plugin });
    } catch (error) {
      const wrapped = error instanceof HemocamError ? error : new HemocamError('PLUGIN', `plugin ${spec}: ${(error as Error).message}`, { cause: error });
      result.failures.push({ spec, index, error: wrapped });
    }
  }
  return result;
}
