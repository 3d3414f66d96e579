import { readFileSync } from 'node:fs';
import { HemocamError } from '../errors/HemocamError.js';

/**
 * A plugin's `meta` read from its own package.json, so that the version a release writes there
 * is the version the plugin reports (a literal would fall behind at the first bump):
 * `meta: readPackageMeta(new URL('../package.json', import.meta.url))` from `src/` and `dist/` alike.
 */
export function readPackageMeta(packageJson: URL): { name: string; version: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(packageJson, 'utf8'));
  } catch (error) {
    throw new HemocamError('PLUGIN', `cannot read the plugin's package.json at ${packageJson.pathname}: ${(error as Error).message}`, { file: packageJson.pathname, cause: error });
  }
  const { name, version } = (parsed ?? {}) as { name?: unknown; version?: unknown };
  if (typeof name !== 'string' || typeof version !== 'string') throw new HemocamError('PLUGIN', `${packageJson.pathname} has no string "name" and "version"`, { file: packageJson.pathname });
  return { name, version };
}
