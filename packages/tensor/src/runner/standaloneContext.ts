import type * as tf from '@tensorflow/tfjs';
import { type StageContext, createRng } from '@hemocam/core';

const SILENT = { info: () => undefined, warn: () => undefined, debug: () => undefined };
const NO_PROGRESS = { start: () => ({ tick: () => undefined, done: () => undefined }) };

/**
 * A StageContext for running a stage outside `hemocam train`/`run` (tests, notebooks,
 * benchmarks): silent logger and progress unless given, seeded random, no abort.
 */
export function standaloneContext(tfjs: typeof tf, backend: string, overrides: Partial<StageContext> = {}): StageContext {
  const seed = overrides.seed ?? 0;
  const stageKey = overrides.stageKey ?? 'stage';
  return {
    tf: tfjs,
    backend,
    logger: SILENT,
    progress: NO_PROGRESS,
    random: createRng(seed, stageKey),
    seed,
    stateDir: '',
    stageKey,
    resume: false,
    signal: new AbortController().signal,
    ...overrides,
  };
}
