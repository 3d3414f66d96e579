import { LineCounter, parseDocument, isCollection, isScalar, isSeq, visit, type Document, type Node } from 'yaml';
import type { PipelineIssue } from '../errors/HemocamError.js';

/** Where a node of a pipeline was written: its file and 1-based line. */
export interface YamlPlace {
  file: string;
  line: number;
}

export interface ParsedYaml {
  doc: Document;
  issues: PipelineIssue[];
  /** Where the node at `path` (or its nearest ancestor that exists) was written; with `extends`, that may be another file. */
  placeOf(path: readonly (string | number)[]): YamlPlace | undefined;
  /** Where one node was written, if it came from this document (or the ones it extends). */
  locate(node: Node): YamlPlace | undefined;
}

/** Parse YAML keeping positions; plain data only (core schema: no custom tags, no merge keys). */
export function parsePipelineYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, schema: 'core', merge: false, uniqueKeys: true, prettyErrors: false, customTags: [] });
  const issues: PipelineIssue[] = [...doc.errors, ...doc.warnings].map((e) => ({
    path: '',
    line: lineCounter.linePos(e.pos[0]).line,
    file,
    message: `YAML: ${e.message.split('\n')[0]}`,
  }));
  const places = new WeakMap<Node, YamlPlace>();
  visit(doc, {
    Node: (_key, node) => {
      if ((isCollection(node) || isScalar(node)) && node.range) places.set(node, { file, line: lineCounter.linePos(node.range[0]).line });
    },
  });
  const locate = (node: Node) => places.get(node);
  return { doc, issues, locate, placeOf: (path) => placeIn(doc, path, locate) };
}

/** The place of the node at `path`, or of its nearest ancestor that has one. */
export function placeIn(doc: Document, path: readonly (string | number)[], locate: (node: Node) => YamlPlace | undefined): YamlPlace | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
    const place = node && locate(node);
    if (place) return place;
  }
  return undefined;
}

/** Apply `path=value` overrides (YAML-typed values) onto the document, as `--set` does; a value of `null` (or `~`) removes the key, e.g. a stage. */
export function applyOverrides(doc: Document, overrides: readonly string[]): PipelineIssue[] {
  const issues: PipelineIssue[] = [];
  for (const override of overrides) {
    const eq = override.indexOf('=');
    if (eq <= 0) {
      issues.push({ path: '', message: `--set ${override}: expected path=value, e.g. stages.cam.use=grad-cam` });
      continue;
    }
    const path = override
      .slice(0, eq)
      .split('.')
      .map((key) => (/^\d+$/.test(key) ? Number(key) : key));
    const valueDoc = parseDocument(override.slice(eq + 1), { schema: 'core', customTags: [] });
    const [parseError] = valueDoc.errors;
    if (parseError) {
      issues.push({ path: path.join('.'), message: `--set: cannot parse value: ${parseError.message}` });
      continue;
    }
    const parent = doc.getIn(path.slice(0, -1), true);
    if (typeof path.at(-1) === 'number' && !isSeq(parent)) {
      issues.push({ path: path.join('.'), message: '--set: a numeric key needs a list at its parent path' });
      continue;
    }
    const value: unknown = valueDoc.toJS();
    if (value !== null) doc.setIn(path, value);
    else if (doc.hasIn(path)) doc.deleteIn(path);
    else issues.push({ path: path.join('.'), message: '--set: nothing to remove at this path' });
  }
  return issues;
}
