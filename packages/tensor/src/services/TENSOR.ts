import type * as tf from '@tensorflow/tfjs';
import type { BackendName, ServiceToken } from '@hemocam/core';
import type { NativeState } from '../backend/selectBackend.js';

/** The tensor backend a stage computes on: TensorFlow.js set to the run's backend. */
export interface TensorBackend {
  tf: typeof tf;
  /** The hemocam name of the backend in use (`tensorflow-gpu`, `tensorflow`, `wasm`, `cpu`). */
  backend: Exclude<BackendName, 'auto'>;
  /** On wasm: the native kernels in use, or why none are. */
  native?: NativeState;
}

/** The tensor-backend service: `static inject = [SERVICES.config, TENSOR]`. Bound lazily by `bindTensor`, so a run whose stages never ask for it never loads TensorFlow.js. */
export const TENSOR = Symbol.for('hemocam.tensor') as ServiceToken<TensorBackend>;
