import { join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { createRng, HemocamError, writeFileAtomic } from '@hemocam/core';
import type { TrainingServices } from '../services/TrainingServices.js';
import { restoreCheckpoint, saveCheckpoint, saveModels, type NamedModels } from '../store/modelCheckpoint.js';

/** One epoch in `history.json`: the mean training loss, the validation metric under its key, the learning rate, the time. */
export type EpochRecord = { epoch: number; loss: number; learningRate: number; seconds: number } & Record<string, number | null>;

/** What the loop keeps between epochs and in every checkpoint. */
export interface TrainState {
  epoch: number;
  /** Best validation metric so far (higher is better); -Infinity before any. */
  best: number;
  bestEpoch: number;
  /** Epochs since the metric last improved (early stopping at `patience`). */
  badEpochs: number;
  history: EpochRecord[];
}

export interface TrainLoopOptions {
  /** The trainer's name: log lines, progress labels and random streams (`<name>:epoch<N>`) carry it. */
  name: string;
  services: TrainingServices;
  /** Checkpointed every epoch, and saved to `<stateDir>/model` whenever the metric improves. */
  models: NamedModels;
  optimizer: tfType.Optimizer;
  epochs: number;
  patience: number;
  /** Peak learning rate; the loop decays it by a cosine to 5 % over `epochs`. */
  learningRate: number;
  /** The validation metric early stopping watches: its key in history.json and how log lines name it. */
  metric: { key: string; label: string };
  /** Called once the models hold their starting weights (restored ones on `--resume`), before the first epoch: set up what copies them (e.g. worker replicas). */
  ready?(): Promise<void>;
  /** Prepare an epoch (e.g. shuffle its samples with `rng`); returns its number of steps. */
  beginEpoch(epoch: number, rng: () => number, learningRate: number): number;
  /** One optimisation step; returns its loss. */
  step(index: number, rng: () => number, learningRate: number): Promise<number>;
  /** The validation metric after an epoch (higher is better), or null where there is nothing to validate on: every epoch then counts as the best. */
  validate(): number | null | Promise<number | null>;
}

/** The cosine schedule both built-in trainers use: from `peak` at epoch 1 down to 5 % of it at the end. */
export function cosineLearningRate(peak: number, epoch: number, epochs: number): number {
  return peak * (0.05 + 0.95 * 0.5 * (1 + Math.cos((Math.PI * (epoch - 1)) / epochs)));
}

/**
 * The shared training loop: epochs of `step`s under a cosine learning-rate schedule, each
 * epoch's random stream from the seed, progress per step, validation and early stopping on a
 * named metric, the best models in `<stateDir>/model`, a checkpoint after every epoch that
 * `--resume` continues from with the result of an uninterrupted run, and `history.json`
 * (drawn as a chart where reports are drawn). Stops with 'interrupted' when the run is aborted.
 */
export async function trainLoop(options: TrainLoopOptions): Promise<TrainState> {
  const { tf, logger, progress, stateDir, seed, signal } = options.services;
  const { name, models, optimizer, metric } = options;
  const checkpointDir = join(stateDir, 'checkpoint');
  let state: TrainState = { epoch: 0, best: -Infinity, bestEpoch: 0, badEpochs: 0, history: [] };
  if (options.services.resume) {
    const restored = await restoreCheckpoint<Omit<TrainState, 'best'> & { best: number | null }>(tf, models, optimizer, checkpointDir);
    if (restored) {
      state = { ...restored, best: restored.best ?? -Infinity }; // JSON keeps -Infinity as null
      logger.info(`${name}: resuming after epoch ${state.epoch}`);
    }
  }
  await options.ready?.();
  while (state.epoch < options.epochs && state.badEpochs < options.patience) {
    const epoch = state.epoch + 1;
    const started = Date.now();
    const rng = createRng(seed, `${name}:epoch${epoch}`);
    const learningRate = cosineLearningRate(options.learningRate, epoch, options.epochs);
    const steps = options.beginEpoch(epoch, rng, learningRate);
    const task = progress.start(`${name} epoch ${epoch}/${options.epochs}`, steps);
    let lossSum = 0;
    for (let step = 0; step < steps; step++) {
      if (signal.aborted) throw new HemocamError('RUNTIME', 'interrupted');
      const loss = await options.step(step, rng, learningRate);
      lossSum += loss;
      task.tick(1, `loss ${loss.toFixed(4)}`);
    }
    task.done();
    const value = await options.validate();
    const loss = lossSum / Math.max(1, steps);
    const seconds = (Date.now() - started) / 1000;
    state.history.push({ epoch, loss, [metric.key]: value, learningRate, seconds });
    state.epoch = epoch;
    const improved = value === null || value > state.best;
    if (improved) {
      state.best = value ?? state.best;
      state.bestEpoch = epoch;
      state.badEpochs = 0;
      await saveModels(tf, models, join(stateDir, 'model'));
    } else state.badEpochs++;
    logger.info(`${name}: epoch ${epoch}: loss ${loss.toFixed(4)}${value === null ? '' : `, ${metric.label} ${value.toFixed(4)}${improved ? ' (best)' : ''}`}, ${seconds.toFixed(1)} s`);
    await saveCheckpoint(tf, models, optimizer, state, checkpointDir);
  }
  await writeFileAtomic(join(stateDir, 'history.json'), JSON.stringify(state.history, null, 2) + '\n');
  return state;
}
