import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SKIP = new Set(['node_modules', 'dist', '.git', '.nx']);
const TEXT = /\.(ts|mts|js|mjs|cjs|json|md|ya?ml|sh)$|^run$/;

/** Every text file of the repository that a build, a test or a user reads. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (SKIP.has(name)) return [];
    if (statSync(path).isDirectory()) return files(path);
    return TEXT.test(name) && name !== 'CHANGELOG.md' && name !== 'package-lock.json' ? [path] : [];
  });
}

describe('the repository is self-contained', () => {
  it('no file names a folder beside the repository (such as the shared folder a session has)', () => {
    const self = resolve(import.meta.filename);
    const outside = files(ROOT)
      .filter((file) => file !== self)
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => [line, i + 1] as const)
          .filter(([line]) => /(^|[^.\w])\.\.\/shared\b|\bshared\/fixtures\b|\/work\/shared\b/.test(line))
          .map(([, n]) => `${relative(ROOT, file)}:${n}`),
      );
    expect(outside).toEqual([]);
  });
});
