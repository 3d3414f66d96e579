import { readFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { HemocamError } from '@hemocam/core';

/** One row of an ablation: its name and the `--set`-style overrides that make it. */
export interface VariantRow {
  name: string;
  overrides: string[];
}

/**
 * The rows of `hemocam ablate --variants FILE`: a YAML mapping of row name → list of
 * `path=value` overrides (as `--set` takes them; `[]` is the pipeline as it is), in file order.
 * Errors name the file and the row.
 */
export async function readVariantRows(file: string): Promise<VariantRow[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new HemocamError('USAGE', `--variants ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { file });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: 'core', customTags: [], lineCounter });
  const bad = (message: string, line?: number) => new HemocamError('CONFIG', `${file}${line === undefined ? '' : `:${line}`}: ${message}`, { file });
  if (doc.errors.length > 0) throw bad(`not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const expected = 'expected a mapping of row name → list of path=value overrides, e.g. "grad-cam: [stages.cam.use=grad-cam]"';
  if (!isMap(doc.contents) || doc.contents.items.length === 0) throw bad(expected);
  return doc.contents.items.map((pair) => {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const line = isScalar(pair.key) ? lineCounter.linePos(pair.key.range[0]).line : undefined;
    if (!name.trim()) throw bad(`a row without a name; ${expected}`, line);
    const value = pair.value;
    const items = value === null || (isScalar(value) && value.value === null) ? [] : isSeq(value) ? value.items : undefined;
    if (!items) throw bad(`row "${name}": ${expected}`, line);
    const overrides = items.map((item) => (isScalar(item) && typeof item.value === 'string' ? item.value : ''));
    const wrong = overrides.findIndex((o) => o.indexOf('=') <= 0);
    if (wrong >= 0) throw bad(`row "${name}", item ${wrong + 1}: expected path=value, e.g. stages.cam.use=grad-cam (quote it if the value holds ": " or starts with "{")`, line);
    return { name: name.trim(), overrides };
  });
}
