import { availableParallelism } from 'node:os';
import type { ResnetLstmConfig } from '../config.js';

/**
 * How many replicas `workers` means, for training and for inference alike. `auto`: one where the
 * native kernels run (threaded themselves over every core, they beat two replicas: 0.66–0.95× for a
 * train step, 0.97× for inference in the bench), else up to 2 cores, each replica on its own wasm backend.
 */
export function autoReplicas(workers: ResnetLstmConfig['workers'], nativeActive: boolean): number {
  if (workers !== 'auto') return workers;
  return nativeActive ? 1 : Math.min(2, availableParallelism());
}
