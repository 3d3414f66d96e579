import { Container } from 'inversify';
import { join } from 'node:path';
import {
  type Case,
  type Logger,
  type Progress,
  type StageContext,
  type Stage,
  type StageClass,
  HemocamError,
  type HemocamErrorCode,
  type BackendName,
  type ResolvedStage,
  type ValidatedPipeline,
  pluginContainerModule,
  stageToken,
  createRng,
} from '@hemocam/core';
import { selectBackend, type SelectedBackend } from '@hemocam/tensor';
import { loadCaseVolume, type CaseSource } from '@hemocam/io';

export interface RunnerOptions {
  pipeline: ValidatedPipeline;
  cases: readonly CaseSource[];
  /** The run directory: learned state is written here by `train` and read by `run`. */
  runDir: string;
  logger: Logger;
  progress: Progress;
  /** Overrides the pipeline's `backend:`. */
  backend?: BackendName;
  signal?: AbortSignal;
  /** Replace outputs that already exist. */
  force?: boolean;
  /** Train: continue an interrupted run from its checkpoints. */
  resume?: boolean;
  /** Train: stage key → a state folder a previous run fitted with the same signature; copied instead of fitting again. */
  reuse?: ReadonlyMap<string, string>;
}

/** Per-case outcome of a batch: one failing case is reported and the rest go on. */
export interface BatchReport {
  backend: string;
  succeeded: string[];
  failed: { id: string; message: string; code?: HemocamErrorCode }[];
  /** Files written. */
  outputs: string[];
}

/**
 * What train and run share: the inversify container holding every plugin's module, the
 * selected backend, stage construction with a per-stage context, and case loading.
 */
export class StageRuntime {
  readonly container = new Container();
  readonly report: BatchReport;
  readonly signal: AbortSignal;
  private constructor(
    readonly options: RunnerOptions,
    readonly backend: SelectedBackend,
  ) {
    this.container.load(...options.pipeline.plugins.map((p) => pluginContainerModule(p.plugin)));
    this.report = { backend: backend.name, succeeded: [], failed: [], outputs: [] };
    this.signal = options.signal ?? new AbortController().signal;
  }

  static async create(options: RunnerOptions): Promise<StageRuntime> {
    const backend = await selectBackend(options.backend ?? options.pipeline.document.backend);
    options.logger.info(`backend: ${backend.name}`);
    return new StageRuntime(options, backend);
  }

  contextFor(stage: ResolvedStage, stateRoot: string): StageContext {
    const seed = this.options.pipeline.document.seed;
    return {
      tf: this.backend.tf,
      backend: this.backend.name,
      logger: this.options.logger,
      progress: this.options.progress,
      random: createRng(seed, stage.key),
      seed,
      stateDir: join(stateRoot, 'stages', stage.key),
      stageKey: stage.key,
      resume: this.options.resume ?? false,
      signal: this.signal,
    };
  }

  /** Build a stage from the class its plugin's ContainerModule bound under its id. */
  instantiate(stage: ResolvedStage, ctx: StageContext): Stage {
    const StageClass = this.container.get<StageClass>(stageToken(stage.use));
    try {
      return new StageClass(stage.config, ctx);
    } catch (error) {
      throw new HemocamError(
        'PLUGIN',
        `stages.${stage.key} (${stage.use}, plugin ${stage.plugin.meta.name}): its constructor threw (${error instanceof Error ? error.message : String(error)}); a bug in that plugin`,
        { path: `stages.${stage.key}`, cause: error },
      );
    }
  }

  /** Dispose a stage; one whose dispose throws is reported (a plugin bug), never hiding what came before. */
  async dispose(stage: Stage, key: string): Promise<void> {
    try {
      await stage.dispose();
    } catch (error) {
      this.options.logger.warn(`stages.${key}: dispose failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async loadCase(source: CaseSource): Promise<Case | undefined> {
    try {
      const volume = await loadCaseVolume(source, this.options.logger);
      const labelled = source.labels?.slices?.length ?? 0;
      if (labelled > volume.dims[2]) {
        throw new HemocamError(
          'INPUT',
          `the slice labels of ${source.id} name slice ${labelled - 1}, but its scan has ${volume.dims[2]} slices (0 to ${volume.dims[2] - 1}); fix the slice_labels.csv rows of ${source.id}`,
          { file: source.path },
        );
      }
      return { id: source.id, labels: source.labels, artifacts: new Map([['volume', volume]]) };
    } catch (error) {
      this.fail(source.id, error);
      return undefined;
    }
  }

  fail(id: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.report.failed.push({ id, message, ...(error instanceof HemocamError ? { code: error.code } : {}) });
    this.options.logger.warn(`case ${id} failed: ${message}`);
  }

  throwIfAborted(): void {
    if (this.signal.aborted) throw new HemocamError('RUNTIME', 'interrupted');
  }

  /** Dispose tensors a stage left on a case, then drop the case's artifacts. */
  release(item: Case): void {
    for (const value of item.artifacts.values()) {
      if (value instanceof this.backend.tf.Tensor) value.dispose();
    }
    item.artifacts.clear();
  }
}
