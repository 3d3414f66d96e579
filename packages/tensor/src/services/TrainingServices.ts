import type * as tf from '@tensorflow/tfjs';
import { SERVICES, type Logger, type Progress, type StageInfo } from '@hemocam/core';
import { TENSOR, type TensorBackend } from './TENSOR.js';

/** What a training loop uses: the tensor backend, logging and progress, the abort signal, the stage's state folder and seed. */
export interface TrainingServices extends StageInfo {
  tf: typeof tf;
  backend: TensorBackend['backend'];
  /** On wasm: the native kernels in use, or why none are. */
  native?: TensorBackend['native'];
  logger: Logger;
  progress: Progress;
  signal: AbortSignal;
}

/** The tokens a learning stage injects after its config, in the order `trainingServices` takes them: `static inject = [SERVICES.config, ...TRAINING_SERVICES]`. */
export const TRAINING_SERVICES = [TENSOR, SERVICES.logger, SERVICES.progress, SERVICES.signal, SERVICES.stage] as const;

/** The constructor parameters TRAINING_SERVICES resolve to, in order. */
export type TrainingServiceArgs = Parameters<typeof trainingServices>;

/** The injected services of TRAINING_SERVICES as one object. */
export function trainingServices(tensor: TensorBackend, logger: Logger, progress: Progress, signal: AbortSignal, stage: StageInfo): TrainingServices {
  return { ...stage, tf: tensor.tf, backend: tensor.backend, ...(tensor.native && { native: tensor.native }), logger, progress, signal };
}
