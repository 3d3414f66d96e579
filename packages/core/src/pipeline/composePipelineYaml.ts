import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { parsePipelineYaml, placeIn, type ParsedYaml } from './parsePipelineYaml.js';

/**
 * A pipeline with its `extends:` chain resolved: the file it names (relative to the file
 * naming it) is read first and this one merged over it, maps key by key (the child wins;
 * lists and values are replaced whole). Cycles are refused; every problem keeps the file and
 * line it comes from.
 */
export async function composePipelineYaml(text: string, file: string, chain: readonly string[] = []): Promise<ParsedYaml> {
  const own = parsePipelineYaml(text, file);
  const base = own.doc.get('extends', true) as Node | undefined;
  if (own.issues.length > 0 || base === undefined) return own;
  const issue = (message: string): ParsedYaml => ({ ...own, issues: [{ path: 'extends', line: own.placeOf(['extends'])?.line, file, message }] });
  if (!isScalar(base) || typeof base.value !== 'string' || base.value === '') return issue('must be the path of another pipeline file, e.g. ./base.yaml');
  const parentFile = resolve(dirname(file), base.value);
  const seen = [...chain, file];
  if (seen.includes(parentFile)) return issue(`extends form a cycle: ${[...seen, parentFile].map((f) => relative(dirname(file), f) || f).join(' → ')}; remove one of them`);
  let parentText: string;
  try {
    parentText = await readFile(parentFile, 'utf8');
  } catch (error) {
    return issue(`cannot read ${base.value} (${parentFile}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const parent = await composePipelineYaml(parentText, parentFile, seen);
  if (parent.issues.length > 0) return parent;
  own.doc.delete('extends');
  if (isMap(parent.doc.contents) && isMap(own.doc.contents)) mergeMaps(parent.doc.contents, own.doc.contents);
  else if (own.doc.contents !== null) parent.doc.contents = own.doc.contents;
  const locate = (node: Node) => own.locate(node) ?? parent.locate(node);
  return { doc: parent.doc, issues: [], locate, placeOf: (path) => placeIn(parent.doc, path, locate) };
}

/** Merge `over` into `into`: nested maps key by key, anything else replaced. */
function mergeMaps(into: YAMLMap, over: YAMLMap): void {
  for (const pair of over.items) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    const existing = into.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
    if (existing && isMap(existing.value) && isMap(pair.value)) mergeMaps(existing.value, pair.value);
    else if (existing) existing.value = pair.value;
    else into.items.push(pair);
  }
}
