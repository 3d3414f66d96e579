import type * as tf from '@tensorflow/tfjs';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

/** A long task's progress; the CLI draws it as a bar, tests ignore it. */
export interface ProgressTask {
  tick(step?: number, status?: string): void;
  done(): void;
}

export interface Progress {
  start(label: string, total: number): ProgressTask;
}

/** Injected into every stage: stages never `console.log`, never pick a backend, never seed Math.random. */
export interface StageContext {
  /** The TensorFlow.js namespace on the selected backend. */
  tf: typeof tf;
  /** The backend in use: `tensorflow`, `wasm`, `cpu`, ... */
  backend: string;
  logger: Logger;
  progress: Progress;
  /** Uniform [0, 1) from the run's seed; reproducible. */
  random(): number;
  seed: number;
  /** This stage's own folder in the run directory: `fit` saves learned state here, `run` loads it. */
  stateDir: string;
  /** `hemocam train --resume`: continue from checkpoints left in stateDir by an interrupted run. */
  resume: boolean;
  /** The stage's key in the pipeline YAML (`stages.<key>`). */
  stageKey: string;
  signal: AbortSignal;
}
