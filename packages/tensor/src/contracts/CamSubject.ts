import type * as tf from '@tensorflow/tfjs';
import type { Volume } from '@hemocam/core';

/**
 * A classifier split at a layer, as class-activation-map methods need it. Samples are
 * independent along axis 0: sample i's score must depend on sample i's activations only
 * in `scores` (a model that mixes samples, such as an LSTM over slices, cuts the others' gradients).
 */
export interface CamSubject {
  /** Layers a map can be taken at; the first is the default (the last conv layer). */
  readonly layers: readonly string[];
  /** True when a sample's score depends on other samples' inputs (an LSTM across slices): Score-CAM then masks one channel per forward pass. */
  readonly mixesSamples?: boolean;
  /** Input → activations at `layer`: [N, ...spatial, F] (2-D or 3-D feature maps, channels last). */
  activations(input: tf.Tensor, layer: string): tf.Tensor;
  /** Activations at `layer` → class logits [N, C]; differentiable with respect to the activations. */
  scores(activations: tf.Tensor, layer: string): tf.Tensor2D;
  /** Input → class logits [N, C] (Score-CAM's masked forward passes). */
  forward(input: tf.Tensor): tf.Tensor2D;
  /** [F, C] weights of a linear head right after global average pooling of `layer` (classic CAM); undefined when there is none. */
  linearWeights(layer: string): tf.Tensor2D | undefined;
}

/** A CamSubject for whole CT volumes: it prepares a volume as input and maps input-grid maps back to the volume's grid. */
export interface VolumeCamSubject extends CamSubject {
  /** The model's input for a volume, [N, ...spatial, C]; the caller disposes it. */
  input(volume: Volume): tf.Tensor;
  /** Maps on the input grid (N × spatial, row-major as the input) → values on the volume's grid (x fastest). */
  toVolumeGrid(maps: Float32Array, volume: Volume): Float32Array;
  dispose(): void;
}

/**
 * The `classifier` artifact: a handle on a trained classifier that stages such as the CAM
 * family open for themselves (and dispose). It holds no tensors, so it outlives the stage
 * that set it.
 */
export interface ClassifierHandle {
  /** Identifies the trained model (e.g. its folder); equal ids open equal subjects. */
  readonly id: string;
  open(tfjs: typeof tf): Promise<VolumeCamSubject>;
}
