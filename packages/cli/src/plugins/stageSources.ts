import { existsSync, readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a stage class is written: the source file and 1-based line (the TypeScript source when a source map leads to one that exists), else where it was loaded from. */
export interface SourceLocation {
  file: string;
  line: number;
}

/**
 * Where each class was defined, asked of V8 through the inspector (a function's
 * `[[FunctionLocation]]`), then followed from the built file back to its source through the
 * source map beside it; no plugin has to say where its code is. Classes V8 cannot place are left out.
 */
export async function stageSources(classes: readonly object[]): Promise<Map<object, SourceLocation>> {
  const found = new Map<object, SourceLocation>();
  const session = new Session();
  session.connect();
  const scripts = new Map<string, string>();
  session.on('Debugger.scriptParsed', ({ params }) => scripts.set(params.scriptId, params.url));
  const probe = globalThis as { __hemocamProbe?: object };
  try {
    await session.post('Debugger.enable');
    for (const cls of classes) {
      probe.__hemocamProbe = cls;
      const { result } = await session.post('Runtime.evaluate', { expression: 'globalThis.__hemocamProbe' });
      if (!result.objectId) continue;
      const { internalProperties } = await session.post('Runtime.getProperties', { objectId: result.objectId, ownProperties: true });
      const location = internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value?.value as { scriptId: string; lineNumber: number; columnNumber: number } | undefined;
      const url = location && scripts.get(location.scriptId);
      if (!location || !url?.startsWith('file:')) continue;
      found.set(cls, toSource(fileURLToPath(url), location.lineNumber, location.columnNumber));
    }
  } finally {
    delete probe.__hemocamProbe;
    session.disconnect();
  }
  return found;
}

/** A place in a built file, mapped to its source where the file has a source map and the source exists. */
function toSource(file: string, line: number, column: number): SourceLocation {
  const built = { file, line: line + 1 };
  const mapFile = `${file}.map`;
  if (!existsSync(mapFile)) return built;
  try {
    const payload = JSON.parse(readFileSync(mapFile, 'utf8')) as ConstructorParameters<typeof SourceMap>[0];
    const entry = new SourceMap(payload).findEntry(line, column) as { originalSource?: string; originalLine?: number };
    if (!entry.originalSource) return built;
    const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : resolve(dirname(file), entry.originalSource);
    return existsSync(source) ? { file: source, line: (entry.originalLine ?? 0) + 1 } : built;
  } catch {
    return built; // a broken source map: the built file is still a true answer
  }
}
