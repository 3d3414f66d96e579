import type { z } from 'zod';
import type { Case } from './Case.js';
import type { ServiceToken } from '../services/tokens.js';

/**
 * A pipeline step. It reads the artifacts it `needs` from a case and sets the ones it
 * `provides`. `fit` (optional) learns from the training cases; `run` must then work in a
 * new process from what `fit` saved in its state folder. What else it uses (logger, progress,
 * tensor backend, state folder, ...) its constructor receives, as its class's `inject` lists.
 */
export interface Stage {
  fit?(cases: readonly Case[]): Promise<void>;
  run(item: Case): Promise<void>;
  dispose(): void | Promise<void>;
}

/**
 * What a plugin registers under a stage id: a class whose static fields describe it.
 * `needs`/`provides` may depend on the validated config.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the default lets a registry hold stage classes whatever their config (`unknown` would reject their `needs(config)` functions)
export interface StageClass<Config = any> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each parameter's type is its token's; the runner resolves `inject` in order
  new (...services: any[]): Stage;
  /** The class's prototype: `fit` is on it when the stage learns. */
  readonly prototype: Stage;
  /** One line for `hemocam plugins`. */
  readonly description: string;
  /** zod schema of the stage's `with:` block; defaults are filled before the stage is built. */
  readonly configSchema: z.ZodType<Config>;
  readonly needs: readonly string[] | ((config: Config) => readonly string[]);
  readonly provides: readonly string[] | ((config: Config) => readonly string[]);
  /** Artifacts `fit` reads from the training cases besides `needs` (e.g. pseudo labels from a trainOnly teacher stage). */
  readonly fitNeeds?: readonly string[] | ((config: Config) => readonly string[]);
  /**
   * Top-level `with:` keys that act only in `run` (thresholds, clean-up sizes), never in `fit`: a run
   * trained with other values of them serves as it is, and `hemocam ablate` fits once across them.
   */
  readonly runOptions?: readonly string[];
  /** The services the constructor takes, one token per parameter in order (`SERVICES.*`, `TENSOR`, a plugin's own); default `[SERVICES.config]`. */
  readonly inject?: readonly ServiceToken<unknown>[];
}

export function stageNeeds<C>(stage: StageClass<C>, config: C): readonly string[] {
  return typeof stage.needs === 'function' ? stage.needs(config) : stage.needs;
}

export function stageProvides<C>(stage: StageClass<C>, config: C): readonly string[] {
  return typeof stage.provides === 'function' ? stage.provides(config) : stage.provides;
}

export function stageFitNeeds<C>(stage: StageClass<C>, config: C): readonly string[] {
  const fitNeeds = stage.fitNeeds ?? [];
  return typeof fitNeeds === 'function' ? fitNeeds(config) : fitNeeds;
}

/** The part of a stage's config that `fit` depends on: the config without its `runOptions` keys. */
export function learnedConfig(stage: Pick<StageClass, 'runOptions'>, config: unknown): unknown {
  if (!stage.runOptions?.length || typeof config !== 'object' || config === null) return config;
  return Object.fromEntries(Object.entries(config).filter(([key]) => !stage.runOptions!.includes(key)));
}
