import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { PLUGIN_API_VERSION, type Plugin } from '../contracts/Plugin.js';
import { HemocamError } from '../errors/HemocamError.js';
import { resolvePluginEntry } from './resolvePluginEntry.js';
import { ARTIFACT_NAME } from '../pipeline/artifactName.js';

export interface LoadedPlugin {
  /** How the pipeline named it. */
  spec: string;
  plugin: Plugin;
  /** Which copy was loaded, where the user should know (see `resolvePluginEntry`). */
  notice?: string;
}

/** How long a plugin's module may take to load (its top-level code); HEMOCAM_PLUGIN_TIMEOUT_MS overrides. */
function loadTimeoutMs(): number {
  const value = Number(process.env.HEMOCAM_PLUGIN_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : 30_000;
}

export interface PluginLoadResult {
  plugins: LoadedPlugin[];
  /** One error per plugin that could not be loaded, each naming it; `index` is its place in the list. */
  failures: { spec: string; index: number; error: HemocamError }[];
}

const isStringList = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');

const stageClassSchema = z.custom<Plugin['stages'][string]>(
  (value) =>
    typeof value === 'function' &&
    typeof (value as { description?: unknown }).description === 'string' &&
    typeof (value as { configSchema?: { safeParse?: unknown } }).configSchema?.safeParse === 'function' &&
    typeof (value as { prototype?: { run?: unknown } }).prototype?.run === 'function' &&
    ['needs', 'provides'].every((f) => {
      const field = (value as unknown as Record<string, unknown>)[f];
      return Array.isArray(field) || typeof field === 'function';
    }) &&
    isStringList((value as { runOptions?: unknown }).runOptions ?? []),
  'must be a class with a run method and static description (string), configSchema (zod), needs and provides (and runOptions, if any, a list of option names)',
);

const pluginSchema = z.object({
  meta: z.object({ name: z.string().min(1), version: z.string().min(1) }),
  apiVersion: z.number().int(),
  stages: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'stage ids are lower-case kebab-case'), stageClassSchema),
  artifacts: z
    .record(
      z.string().regex(ARTIFACT_NAME, 'artifact names are letters and digits, starting with a letter'),
      z.object({ kind: z.enum(['image', 'mask', 'heatmap', 'json', 'memory']), description: z.string() }),
    )
    .optional(),
  services: z.array(z.object({ token: z.symbol(), create: z.custom<() => unknown>((v) => typeof v === 'function', 'must be a function') })).optional(),
});

/** Load one plugin by package name or path; every failure is a PLUGIN error naming it. */
export async function loadPlugin(spec: string, baseDir: string): Promise<Plugin> {
  return (await loadPluginEntry(spec, baseDir)).plugin;
}

async function loadPluginEntry(spec: string, baseDir: string): Promise<LoadedPlugin> {
  const entry = resolvePluginEntry(spec, baseDir);
  let module: Record<string, unknown>;
  let timer: NodeJS.Timeout | undefined;
  const timeoutMs = loadTimeoutMs();
  // A module whose top-level await never settles would otherwise let the process end with nothing done.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new HemocamError('PLUGIN', `plugin ${spec} did not finish loading within ${timeoutMs / 1000} s (${entry.file}: its top-level code never settles); fix or remove the plugin`));
    }, timeoutMs);
  });
  try {
    module = (await Promise.race([import(pathToFileURL(entry.file).href), timeout])) as Record<string, unknown>;
  } catch (cause) {
    if (cause instanceof HemocamError) throw cause;
    throw new HemocamError('PLUGIN', `plugin ${spec} threw while loading (${entry.file}): ${(cause as Error).message}`, { cause });
  } finally {
    clearTimeout(timer);
  }
  const candidate = module.default ?? module;
  const parsed = pluginSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(export)'}: ${i.message}`).join('; ');
    throw new HemocamError('PLUGIN', `${spec} is not a hemocam plugin: its default export must be { meta: {name, version}, apiVersion, stages, artifacts?, services? } (${problems})`);
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
  return { spec, plugin, notice: entry.notice };
}

/**
 * Load every named plugin; one that fails does not stop the others. A stage id claimed by
 * two plugins is a failure of the second, naming both.
 */
export async function loadPlugins(specs: readonly string[], baseDir: string): Promise<PluginLoadResult> {
  const result: PluginLoadResult = { plugins: [], failures: [] };
  const owners = new Map<string, string>();
  const kinds = new Map<string, { kind: string; owner: string }>();
  for (const [index, spec] of specs.entries()) {
    try {
      const loaded = await loadPluginEntry(spec, baseDir);
      const plugin = loaded.plugin;
      const taken = Object.keys(plugin.stages).filter((id) => owners.has(id));
      if (taken.length > 0) {
        throw new HemocamError('PLUGIN', `${spec} registers stage id ${taken.map((id) => `'${id}' (already registered by ${owners.get(id)})`).join(', ')}; a stage id must be unique across plugins`);
      }
      const clashing = Object.entries(plugin.artifacts ?? {}).filter(([name, spec]) => kinds.has(name) && kinds.get(name)!.kind !== spec.kind);
      if (clashing.length > 0) {
        const said = clashing.map(([name, spec]) => `'${name}' as ${spec.kind} (${kinds.get(name)!.owner} declares it ${kinds.get(name)!.kind})`).join(', ');
        throw new HemocamError('PLUGIN', `${spec} declares artifact ${said}; plugins that share an artifact name must agree on its kind`);
      }
      for (const id of Object.keys(plugin.stages)) owners.set(id, plugin.meta.name);
      for (const [name, { kind }] of Object.entries(plugin.artifacts ?? {})) if (!kinds.has(name)) kinds.set(name, { kind, owner: plugin.meta.name });
      result.plugins.push(loaded);
    } catch (error) {
      const wrapped = error instanceof HemocamError ? error : new HemocamError('PLUGIN', `plugin ${spec}: ${(error as Error).message}`, { cause: error });
      result.failures.push({ spec, index, error: wrapped });
    }
  }
  return result;
}
