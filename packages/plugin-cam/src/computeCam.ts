import type * as tfType from '@tensorflow/tfjs';
import { HemocamError } from '@hemocam/core';
import type { CamSubject } from '@hemocam/tensor';
import type { CamMethod } from './CamMethod.js';
import { CAM_METHODS } from './camMethods.js';
import { scoreTarget, type CamTarget } from './scoreTarget.js';
import { spatialAxes } from './spatialAxes.js';
import { upsampleMaps } from './upsampleMaps.js';

export interface CamOptions {
  /** Layer whose activations are weighted; default: the subject's first (its last conv layer). */
  layer?: string;
  /** The score explained; default: the positive logit of a binary classifier. */
  target?: CamTarget;
  /** `bilinear` (default): maps on the input grid; `none`: on the layer's grid. */
  upsample?: 'bilinear' | 'none';
  /** `per-sample` (default): each map divided by its maximum, so values are in [0, 1]; `none`: raw ReLU'd maps. */
  normalize?: 'per-sample' | 'none';
  /** Masked inputs per forward pass (Score-CAM). */
  batchSize?: number;
}

export interface CamResult {
  /** Row-major maps [N, ...spatial]. */
  maps: Float32Array;
  shape: number[];
}

/**
 * The shared work of every CAM method: target score → gradients with respect to the layer's
 * activations (for gradient methods) → the method's weighting → ReLU → upsample to the
 * input grid → normalise. Works on 2-D ([N, H, W, F]) and 3-D ([N, D, H, W, F]) feature maps.
 * Maps come back as plain arrays; no tensor outlives the call.
 */
export function computeCam(tf: typeof tfType, method: CamMethod | string, subject: CamSubject, input: tfType.Tensor, options: CamOptions = {}): CamResult {
  const chosen = typeof method === 'string' ? CAM_METHODS[method] : method;
  if (!chosen) throw new HemocamError('CONFIG', `unknown CAM method '${typeof method === 'string' ? method : method.id}'; methods: ${Object.keys(CAM_METHODS).join(', ')}`);
  const layer = options.layer ?? subject.layers[0];
  if (layer === undefined || !subject.layers.includes(layer)) throw new HemocamError('CONFIG', `no layer '${String(layer)}' to take maps at; layers: ${subject.layers.join(', ')}`);
  const target = options.target ?? scoreTarget('positive');
  let maps: Float32Array = new Float32Array(0);
  let shape: number[] = [];
  tf.tidy(() => {
    const activations = subject.activations(input, layer);
    const gradients = chosen.gradients ? tf.grad((a: tfType.Tensor) => tf.sum(target(tf, subject.scores(a, layer))))(activations) : undefined;
    let linearWeights: tfType.Tensor1D | undefined;
    if (chosen.linear) {
      const weights = subject.linearWeights(layer);
      if (!weights) {
        throw new HemocamError(
          'CONFIG',
          `${chosen.id} needs a linear head right after global average pooling of layer '${layer}', and this model has none there; use grad-cam (the same map for such heads) or another method`,
        );
      }
      linearWeights = target(tf, weights);
    }
    const raw = chosen.map({ tf, activations, gradients, linearWeights, subject, input, layer, target, batchSize: options.batchSize ?? 64 });
    let result = tf.relu(raw);
    if (options.upsample !== 'none') result = upsampleMaps(tf, result, input.shape.slice(1, -1));
    if (options.normalize !== 'none') {
      const peak = tf.max(result, spatialAxes(tf.expandDims(result, -1)), true);
      result = tf.where(tf.greater(peak, 0), tf.div(result, tf.maximum(peak, 1e-30)), tf.zerosLike(result));
    }
    maps = result.dataSync() as Float32Array; // not returned from tidy: tidy would walk the array
    shape = result.shape;
  });
  return { maps, shape };
}
