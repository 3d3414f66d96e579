import { LineCounter, parseDocument, isCollection, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { PipelineIssue } from '../errors/HemocamError.js';

export interface ParsedYaml {
  doc: Document;
  issues: PipelineIssue[];
  /** 1-based line of the node at `path`, or of its nearest ancestor that exists. */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

/** Parse YAML keeping positions; plain data only (core schema: no custom tags, no merge keys). */
export function parsePipelineYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, schema: 'core', merge: false, uniqueKeys: true, prettyErrors: false, customTags: [] });
  const issues: PipelineIssue[] = [...doc.errors, ...doc.warnings].map((e) => ({
    path: '',
    line: lineCounter.linePos(e.pos[0]).line,
    message: `YAML: ${e.message.split('\n')[0]}`,
  }));
  const lineOf = (path: readonly (string | number)[]): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
      if (node && (isCollection(node) || isScalar(node)) && node.range) {
        return lineCounter.linePos(node.range[0]).line;
      }
    }
    return undefined;
  };
  return { doc, issues, lineOf };
}

/** Apply `path=value` overrides (YAML-typed values) onto the document, as `--set` does. */
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
    doc.setIn(path, valueDoc.toJS());
  }
  return issues;
}
