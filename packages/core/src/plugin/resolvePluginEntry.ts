import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import validateNpmName from 'validate-npm-package-name';
import { HemocamError } from '../errors/HemocamError.js';

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

export interface PluginEntry {
  /** The module file to import. */
  file: string;
  /** package.json of the plugin, when it is a package. */
  packageJson?: { name?: string; version?: string };
  /** Something the user should know about which copy was taken (a project copy of a built-in that differs). */
  notice?: string;
}

/**
 * Find a plugin's entry module: a relative or absolute path (a file, or a package folder),
 * or an npm package name looked up in node_modules from `baseDir` upwards, then from
 * hemocam's own install (so the built-in plugins resolve wherever the YAML lives).
 * Hand-written because Node's own resolvers either ignore `import`-only exports
 * (require.resolve) or cannot take a parent folder on Node 20 (import.meta.resolve).
 */
export function resolvePluginEntry(spec: string, baseDir: string): PluginEntry {
  if (spec.startsWith('.') || isAbsolute(spec)) {
    const target = resolve(baseDir, spec);
    if (!existsSync(target)) throw new HemocamError('PLUGIN', `plugin ${spec}: ${target} does not exist`);
    return statSync(target).isDirectory() ? packageEntry(spec, target) : { file: target };
  }
  const name = validateNpmName(spec);
  if (!name.validForOldPackages) {
    throw new HemocamError('PLUGIN', `plugin ${spec} is not a valid npm package name (${name.errors.join('; ')}); give a package name, or a path starting with ./, ../ or /`);
  }
  const ownDir = dirname(fileURLToPath(import.meta.url));
  const find = (start: string) => {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', spec);
      if (existsSync(join(candidate, 'package.json'))) return candidate;
      if (dirname(dir) === dir) return undefined;
    }
  };
  // hemocam's own plugins come from hemocam's own installation, whatever a project folder holds.
  const builtIn = spec.startsWith('@hemocam/');
  const found = builtIn ? (find(ownDir) ?? find(baseDir)) : (find(baseDir) ?? find(ownDir));
  if (found) {
    const entry = packageEntry(spec, found);
    const local = builtIn ? find(baseDir) : undefined;
    if (local && local !== found) {
      const version = (readJson(join(local, 'package.json')) as { version?: string }).version;
      if (version !== entry.packageJson?.version) entry.notice = `${spec}: using hemocam's own ${entry.packageJson?.version ?? '?'} from ${found}, not the ${version ?? '?'} in ${local}`;
    }
    return entry;
  }
  throw new HemocamError('PLUGIN', `plugin package ${spec} is not installed (looked in node_modules from ${baseDir} upwards); run \`npm install ${spec}\` in your project`);
}

function packageEntry(spec: string, dir: string): PluginEntry {
  const pkgPath = join(dir, 'package.json');
  if (!existsSync(pkgPath)) {
    const index = join(dir, 'index.js');
    if (existsSync(index)) return { file: index };
    throw new HemocamError('PLUGIN', `plugin ${spec}: ${dir} has neither a package.json nor an index.js`);
  }
  let pkg: { name?: string; version?: string; exports?: unknown; module?: string; main?: string };
  try {
    pkg = readJson(pkgPath) as typeof pkg;
  } catch (cause) {
    throw new HemocamError('PLUGIN', `plugin ${spec}: cannot parse ${pkgPath}: ${(cause as Error).message}`, { cause });
  }
  const rootExport = typeof pkg.exports === 'object' && pkg.exports !== null && '.' in pkg.exports ? (pkg.exports as Record<string, unknown>)['.'] : pkg.exports;
  const relative = pickCondition(rootExport) ?? pkg.module ?? pkg.main ?? 'index.js';
  const file = resolve(dir, relative);
  if (!existsSync(file)) {
    throw new HemocamError('PLUGIN', `plugin ${spec}: its entry ${file} does not exist (is the package built?)`);
  }
  return { file, packageJson: pkg };
}

function pickCondition(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) return target.map(pickCondition).find((t) => t !== undefined);
  if (typeof target === 'object' && target !== null) {
    const conditions = target as Record<string, unknown>;
    for (const key of ['import', 'node', 'default']) {
      const picked = pickCondition(conditions[key]);
      if (picked !== undefined) return picked;
    }
  }
  return undefined;
}
