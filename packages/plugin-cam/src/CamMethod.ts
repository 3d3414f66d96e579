import type * as tfType from '@tensorflow/tfjs';
import type { CamSubject } from '@hemocam/tensor';
import type { CamTarget } from './scoreTarget.js';

/** What a method gets: activations [N, ...spatial, F] and, for gradient methods, d(target)/d(activations). */
export interface CamInputs {
  tf: typeof tfType;
  activations: tfType.Tensor;
  /** Present when the method declares `gradients: true`. */
  gradients?: tfType.Tensor;
  /** [F] weights of the linear head for the target (methods declaring `linear: true`). */
  linearWeights?: tfType.Tensor1D;
  subject: CamSubject;
  input: tfType.Tensor;
  layer: string;
  target: CamTarget;
  /** Samples × channels per masked forward batch (Score-CAM). */
  batchSize: number;
}

/** One CAM method: how it turns activations (and gradients) into a raw map [N, ...spatial] before ReLU. */
export interface CamMethod {
  readonly id: string;
  /** Short citation. */
  readonly paper: string;
  readonly gradients: boolean;
  readonly linear?: boolean;
  map(inputs: CamInputs): tfType.Tensor;
}
