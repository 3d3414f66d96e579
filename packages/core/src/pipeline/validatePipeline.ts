import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { INPUT_ARTIFACTS, type ArtifactKind } from '../contracts/artifacts.js';
import { stageFitNeeds, stageNeeds, stageProvides, type StageClass } from '../contracts/Stage.js';
import type { Plugin } from '../contracts/Plugin.js';
import { HemocamError, type PipelineIssue } from '../errors/HemocamError.js';
import { loadPlugins, type LoadedPlugin } from '../plugin/loadPlugins.js';
import { checkArtifactGraph, type GraphNode } from './checkArtifactGraph.js';
import { applyOverrides } from './parsePipelineYaml.js';
import { composePipelineYaml } from './composePipelineYaml.js';
import { pipelineDocumentSchema, type PipelineDocument } from './pipelineDocumentSchema.js';
import { suggestNearest } from './suggestNearest.js';

export interface ResolvedStage {
  key: string;
  use: string;
  stage: StageClass;
  plugin: Plugin;
  config: unknown;
  needs: readonly string[];
  provides: readonly string[];
  /** Read by `fit` from the training cases, besides `needs`. */
  fitNeeds: readonly string[];
  /** Skipped by `hemocam run`. */
  trainOnly: boolean;
  /** The stage's own artifact names → the names on the case (YAML `inputs:` / `outputs:`); `needs`, `provides` and `fitNeeds` above are the names on the case. */
  renames: { inputs: Record<string, string>; outputs: Record<string, string> };
}

export interface ValidatedPipeline {
  file: string;
  /** The YAML with overrides applied, as saved into a run's manifest. */
  text: string;
  document: PipelineDocument;
  plugins: LoadedPlugin[];
  /** In run order. */
  stages: ResolvedStage[];
  /** How each artifact on the case is written, as its providing plugin declares it (by the stage's own name, before renaming); absent when no plugin declares it. */
  artifactKinds: Map<string, ArtifactKind>;
  /** Things to tell the user that are no problems (which copy of a plugin was loaded). */
  notices: string[];
}

export interface ValidateOptions {
  /** `path=value` overrides, as `--set`. */
  overrides?: readonly string[];
}

/**
 * Parse, load plugins, check every stage's options and the artifact graph, and report every
 * problem at once: throws a CONFIG HemocamError whose `issues` are `path (line N): message`.
 */
export async function validatePipeline(file: string, options: ValidateOptions = {}): Promise<ValidatedPipeline> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (cause) {
    throw new HemocamError('INPUT', `cannot read pipeline ${file}: ${(cause as Error).message}`, { file, cause });
  }
  return validatePipelineText(source, resolve(file), options);
}

export async function validatePipelineText(source: string, file: string, options: ValidateOptions = {}): Promise<ValidatedPipeline> {
  const parsed = await composePipelineYaml(source, file);
  // An issue names its file only when it lies in another file than the pipeline's (one it extends).
  const elsewhere = (issue: PipelineIssue): PipelineIssue => (issue.file === file ? { path: issue.path, line: issue.line, message: issue.message } : issue);
  const issues: PipelineIssue[] = parsed.issues.map(elsewhere);
  if (issues.length === 0) issues.push(...applyOverrides(parsed.doc, options.overrides ?? []));
  const at = (path: readonly (string | number)[], message: string): PipelineIssue => {
    const place = parsed.placeOf(path);
    return elsewhere({ path: path.join('.'), line: place?.line, file: place?.file, message });
  };
  const fail = (): never => {
    throw new HemocamError('CONFIG', `${file}: ${issues.length} problem${issues.length === 1 ? '' : 's'}`, { file, issues });
  };
  if (issues.length > 0) fail();

  let plain: unknown;
  try {
    plain = parsed.doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // yaml refuses a document whose aliases expand without bound (a "billion laughs" file).
    throw new HemocamError('CONFIG', `${file}: its YAML aliases expand too far (${(error as Error).message}); hemocam allows 100 alias uses: write the values out`, { file, cause: error });
  }
  const checked = pipelineDocumentSchema.safeParse(plain ?? {});
  if (!checked.success) {
    for (const issue of flattenZodIssues(checked.error.issues)) issues.push(at(issue.path, issue.message));
    fail();
  }
  const document = checked.data!;

  const { plugins, failures } = await loadPlugins(document.plugins, dirname(file));
  for (const failure of failures) issues.push(at(['plugins', failure.index], failure.error.message));
  const byId = new Map<string, { stage: StageClass; plugin: Plugin }>();
  for (const { plugin } of plugins) for (const [id, stage] of Object.entries(plugin.stages)) byId.set(id, { stage, plugin });
  const knownIds = [...byId.keys()].sort();
  const inputKinds = Object.entries(INPUT_ARTIFACTS).map(([name, spec]) => [name, spec.kind] as const);
  const declaredKinds = new Map<string, ArtifactKind>(inputKinds);
  for (const { plugin } of plugins) for (const [name, spec] of Object.entries(plugin.artifacts ?? {})) if (!declaredKinds.has(name)) declaredKinds.set(name, spec.kind);
  const artifactKinds = new Map<string, ArtifactKind>(inputKinds);

  const stages: ResolvedStage[] = [];
  const graph: GraphNode[] = [];
  let graphComplete = true;
  for (const [key, entry] of Object.entries(document.stages)) {
    let found = byId.get(entry.use);
    if (!found) {
      const nearest = suggestNearest(entry.use, knownIds);
      const hint = nearest ? `did you mean '${nearest}'? ` : '';
      const known =
        failures.length > 0
          ? `it may come from the plugin that failed to load (${failures.map((f) => `plugins.${f.index}`).join(', ')})`
          : knownIds.length > 0
            ? `known stage ids: ${knownIds.join(', ')}`
            : 'no plugin with stages is loaded; list plugins under `plugins:`';
      issues.push(at(['stages', key, 'use'], `unknown stage id '${entry.use}'; ${hint}${known}`));
      if (failures.length > 0 || !nearest) graphComplete = false;
      // Assume the suggested stage's artifacts, so the graph check still says something useful.
      found = nearest ? byId.get(nearest) : undefined;
      if (!found) continue;
    }
    // The stage's schema and artifact lists are the plugin's code: one that throws is that plugin's bug, reported here, not an internal error.
    const owner = found.plugin.meta.name;
    const pluginCode = <T>(what: string, f: () => T): T | undefined => {
      try {
        return f();
      } catch (error) {
        issues.push(at(['stages', key, 'use'], `${entry.use} (plugin ${owner}): its ${what} threw (${error instanceof Error ? error.message : String(error)}); a bug in that plugin`));
        return undefined;
      }
    };
    const stage = found.stage;
    const config = pluginCode('option schema', () => stage.configSchema.safeParse(entry.with));
    if (!config) continue;
    if (!config.success) {
      for (const issue of flattenZodIssues(config.error.issues)) issues.push(at(['stages', key, 'with', ...issue.path], issue.message));
    }
    const effective: unknown = config.success ? config.data : pluginCode('option schema', (): unknown => stage.configSchema.safeParse({}).data);
    const lists = pluginCode('needs/provides', () => ({ needs: stageNeeds(stage, effective), provides: stageProvides(stage, effective), fitNeeds: stageFitNeeds(stage, effective) }));
    if (!lists) continue;
    const renames = { inputs: entry.inputs, outputs: entry.outputs };
    checkRenames(renames, lists, (path, message) => issues.push(at(['stages', key, ...path], message)));
    const read = (a: string) => entry.inputs[a] ?? a;
    const node = { key, needs: lists.needs.map(read), provides: lists.provides.map((a) => entry.outputs[a] ?? a) };
    const fitNeeds = lists.fitNeeds.map(read).filter((a) => !node.needs.includes(a));
    const renamedAt = new Map([
      ...Object.entries(entry.outputs).map(([own, onCase]) => [onCase, `stages.${key}.outputs.${own}`] as const),
      ...Object.entries(entry.inputs).map(([own, onCase]) => [onCase, `stages.${key}.inputs.${own}`] as const),
    ]);
    graph.push({ ...node, needs: [...node.needs, ...fitNeeds], trainOnly: entry.trainOnly, pathOf: (artifact) => renamedAt.get(artifact) });
    for (const [own, onCase] of lists.provides.map((a) => [a, entry.outputs[a] ?? a] as const)) {
      const kind = declaredKinds.get(own);
      if (kind) artifactKinds.set(onCase, kind);
    }
    if (found.stage === byId.get(entry.use)?.stage) stages.push({ use: entry.use, ...found, config: effective, ...node, fitNeeds, trainOnly: entry.trainOnly, renames });
  }
  if (failures.length > 0) graphComplete = false;
  // Training runs every stage (fit reads fitNeeds too); `hemocam run` runs those not marked trainOnly.
  const { order, issues: graphIssues } = checkArtifactGraph(graph, Object.keys(INPUT_ARTIFACTS));
  const runGraph = graph.filter((n) => !n.trainOnly).map((n) => ({ ...n, needs: stages.find((s) => s.key === n.key)?.needs ?? n.needs }));
  const runIssues = checkArtifactGraph(runGraph, Object.keys(INPUT_ARTIFACTS))
    .issues.filter((r) => !graphIssues.some((g) => g.path === r.path && g.message.split(', which')[0] === r.message.split(', which')[0]))
    .map((i) => ({ ...i, message: `${i.message} (in \`hemocam run\`, which skips trainOnly stages)` }));
  for (const issue of [...graphIssues, ...runIssues]) {
    if (!graphComplete && issue.message.includes('which no stage provides')) continue;
    issues.push(at(issue.path.split('.'), issue.message));
  }
  if (issues.length > 0) fail();
  const ordered = order.map((key) => stages.find((s) => s.key === key)!);
  return { file, text: parsed.doc.toString(), document, plugins, stages: ordered, artifactKinds, notices: plugins.flatMap((p) => (p.notice ? [p.notice] : [])) };
}

/** Each renamed artifact must be one the stage reads (`inputs:`) or writes (`outputs:`). */
function checkRenames(
  renames: { inputs: Record<string, string>; outputs: Record<string, string> },
  lists: { needs: readonly string[]; provides: readonly string[]; fitNeeds: readonly string[] },
  report: (path: string[], message: string) => void,
): void {
  const own = { inputs: [...new Set([...lists.needs, ...lists.fitNeeds])], outputs: [...lists.provides] };
  for (const side of ['inputs', 'outputs'] as const) {
    for (const name of Object.keys(renames[side])) {
      if (own[side].includes(name)) continue;
      const nearest = suggestNearest(name, own[side]);
      const verb = side === 'inputs' ? 'reads' : 'writes';
      report([side, name], `this stage ${verb} no artifact '${name}'; ${nearest ? `did you mean '${nearest}'? ` : ''}it ${verb}: ${own[side].join(', ') || 'none'}`);
    }
  }
}

interface ZodIssueLike {
  code: string;
  message: string;
  path: PropertyKey[];
  keys?: string[];
}

/** One issue per offending key, with zod's "Invalid input: " prefix dropped. */
function flattenZodIssues(zodIssues: readonly ZodIssueLike[]): { path: (string | number)[]; message: string }[] {
  return zodIssues.flatMap((issue) => {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    if (issue.code === 'unrecognized_keys' && issue.keys) return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key '${key}'` }));
    return [{ path, message: issue.message.replace(/^Invalid (input|option): /, '') }];
  });
}
