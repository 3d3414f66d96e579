import type { Container } from 'inversify';
import {
  type Logger,
  type Progress,
  type Stage,
  HemocamError,
  type HemocamErrorCode,
  type BackendName,
  type ResolvedStage,
  type ValidatedPipeline,
  CaseStore,
  buildStage,
  serviceContainer,
} from '@hemocam/core';
import { bindTensor, TENSOR, type TensorBackend } from '@hemocam/tensor';
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
 * What train and run share: the run's service container (logger, progress, abort signal, seed,
 * state folders, the lazily selected tensor backend, the plugins' own services), stage
 * construction from it, and case loading.
 */
export class StageRuntime {
  readonly container: Container;
  readonly report: BatchReport = { backend: 'none', succeeded: [], failed: [], outputs: [] };
  readonly signal: AbortSignal;
  /** The tensor backend, once a stage asked for it. */
  private tensor?: TensorBackend;

  /** `stateRoot` holds `stages/<key>/` for every stage: the run folder (`run`) or its staging copy (`train`). */
  constructor(
    readonly options: RunnerOptions,
    stateRoot: string,
  ) {
    this.signal = options.signal ?? new AbortController().signal;
    const { pipeline } = options;
    this.container = serviceContainer({
      logger: options.logger,
      progress: options.progress,
      signal: this.signal,
      seed: pipeline.document.seed,
      resume: options.resume ?? false,
      stateRoot,
      services: pipeline.plugins.flatMap((p) => p.plugin.services ?? []),
    });
    bindTensor(this.container, options.backend ?? pipeline.document.backend);
    this.container.onActivation<TensorBackend>(TENSOR, (_ctx, tensor) => {
      this.tensor = tensor;
      this.report.backend = tensor.backend;
      return tensor;
    });
  }

  /** Build a stage with the services its class asks for. */
  instantiate(stage: ResolvedStage): Promise<Stage> {
    return buildStage(this.container, { key: stage.key, use: `${stage.use}, plugin ${stage.plugin.meta.name}`, stage: stage.stage, config: stage.config });
  }

  /** Dispose a stage; one whose dispose throws is reported (a plugin bug), never hiding what came before. */
  async dispose(stage: Stage, key: string): Promise<void> {
    try {
      await stage.dispose();
    } catch (error) {
      this.options.logger.warn(`stages.${key}: dispose failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async loadCase(source: CaseSource): Promise<CaseStore | undefined> {
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
      return new CaseStore(source.id, { volume }, source.labels);
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
  release(item: CaseStore): void {
    const tf = this.tensor?.tf;
    if (tf) for (const value of item.values.values()) if (value instanceof tf.Tensor) value.dispose();
    item.values.clear();
  }
}
