import type { PipelineIssue } from '../errors/HemocamError.js';
import { suggestNearest } from './suggestNearest.js';

export interface GraphNode {
  key: string;
  needs: readonly string[];
  provides: readonly string[];
  /** Skipped by `hemocam run` (validatePipeline checks that graph too). */
  trainOnly?: boolean;
  /** Where the YAML names an artifact this node needs or provides, when not at `stages.<key>.use` (a renamed input or output). */
  pathOf?: (artifact: string) => string | undefined;
}

/**
 * Check the artifact graph before any tensor exists: every need has exactly one provider
 * (a stage or the input), and the stages can be ordered (no cycle). Returns every problem
 * and, where there are none, the run order (topological, ties kept in YAML order).
 */
export function checkArtifactGraph(nodes: readonly GraphNode[], inputs: readonly string[]): { order: string[]; issues: PipelineIssue[] } {
  const issues: PipelineIssue[] = [];
  const providers = new Map<string, string>();
  for (const input of inputs) providers.set(input, '(input)');
  for (const node of nodes) {
    for (const artifact of node.provides) {
      const first = providers.get(artifact);
      if (first !== undefined) {
        const by = first === '(input)' ? 'the input itself' : `stages.${first}`;
        issues.push({ path: node.pathOf?.(artifact) ?? `stages.${node.key}.use`, message: `provides artifact '${artifact}', which ${by} already provides; remove one of the two stages` });
      } else {
        providers.set(artifact, node.key);
      }
    }
  }
  const available = [...providers.keys()].join(', ');
  for (const node of nodes) {
    for (const artifact of node.needs) {
      if (!providers.has(artifact)) {
        const nearest = suggestNearest(artifact, [...providers.keys()]);
        const hint = nearest ? `did you mean '${nearest}'? ` : '';
        issues.push({
          path: node.pathOf?.(artifact) ?? `stages.${node.key}.use`,
          message: `needs artifact '${artifact}', which no stage provides (available: ${available}); ${hint}add a stage that provides it`,
        });
      }
    }
  }
  if (issues.length > 0) return { order: [], issues };

  // Kahn's algorithm over "provider before consumer" edges.
  const pending = new Map(nodes.map((n) => [n.key, new Set(n.needs.map((a) => providers.get(a)!).filter((p) => p !== '(input)' && p !== n.key))]));
  const order: string[] = [];
  for (const node of nodes) if (node.needs.some((a) => providers.get(a) === node.key)) pending.get(node.key)!.add(node.key);
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const node of nodes) {
      const deps = pending.get(node.key);
      if (deps && deps.size === 0) {
        order.push(node.key);
        pending.delete(node.key);
        for (const other of pending.values()) other.delete(node.key);
        progressed = true;
        break;
      }
    }
  }
  for (const key of pending.keys()) {
    issues.push({ path: `stages.${key}.use`, message: `is part of a cycle: it needs artifacts that depend on its own output (${[...pending.keys()].join(' → ')})` });
  }
  return { order, issues };
}
