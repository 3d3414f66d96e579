import type { Logger, Progress } from '../contracts/Logger.js';

/** A service's DI identifier, carrying the type of what it resolves to. */
export type ServiceToken<T> = symbol & { readonly __service?: T };

/** Where a stage keeps what it learns, and how the run wants it built. */
export interface StageInfo {
  /** The stage's key in the pipeline YAML (`stages.<key>`). */
  key: string;
  /** This stage's own folder in the run directory: `fit` saves learned state here, `run` loads it. */
  stateDir: string;
  /** `hemocam train --resume`: continue from checkpoints left in stateDir by an interrupted run. */
  resume: boolean;
  /** The pipeline's `seed:`. */
  seed: number;
}

const token = <T>(name: string) => Symbol.for(`hemocam.${name}`) as ServiceToken<T>;

/**
 * The services the runner binds for every stage. A stage names what its constructor takes in
 * `static inject = [SERVICES.config, SERVICES.logger, ...]`, one token per parameter, in order;
 * the tensor backend is `TENSOR` from @hemocam/tensor, bound lazily (a stage that does not ask
 * for it never loads TensorFlow.js).
 */
export const SERVICES = {
  /** The stage's `with:` options, validated by its configSchema with defaults filled in. */
  config: token<unknown>('config'),
  logger: token<Logger>('logger'),
  progress: token<Progress>('progress'),
  /** Uniform [0, 1) seeded by the pipeline's seed and the stage's key; reproducible. */
  random: token<() => number>('random'),
  /** Aborted when the user interrupts the run; long loops check it. */
  signal: token<AbortSignal>('signal'),
  stage: token<StageInfo>('stage'),
} as const;
