import type * as tfType from '@tensorflow/tfjs';
import { HemocamError } from '@hemocam/core';
import { splitModelAtLayer, type CamSubject, type SplitModel } from '@hemocam/tensor';

const PASS_THROUGH = new Set(['Dropout', 'Flatten', 'Activation', 'SpatialDropout1D']);
const POOLING = new Set(['GlobalAveragePooling2D', 'GlobalAveragePooling3D', 'GlobalAveragePooling1D']);

/**
 * Any functional or sequential tfjs LayersModel as a CamSubject. Maps can be taken at every
 * layer with a 4-D or 5-D (feature-map) output; the default is the last one (its last conv
 * layer). Scores are the model's output as it is: logits, or probabilities if it ends in
 * sigmoid/softmax. A rank-1 output counts as one class.
 */
export function layersModelSubject(model: tfType.LayersModel): CamSubject {
  const layers = model.layers
    .filter((l) => {
      const shape = l.outputShape;
      return !Array.isArray(shape[0]) && (shape.length === 4 || shape.length === 5) && l.getClassName() !== 'InputLayer';
    })
    .map((l) => l.name)
    .reverse();
  if (layers.length === 0) throw new HemocamError('CONFIG', `model ${model.name} has no layer with 2-D or 3-D feature maps to take a class activation map at`);
  const splits = new Map<string, SplitModel>();
  const split = (layer: string) => {
    if (!splits.has(layer)) splits.set(layer, splitModelAtLayer(model, layer));
    return splits.get(layer)!;
  };
  const asLogits = (t: tfType.Tensor) => (t.rank === 1 ? t.reshape([-1, 1]) : t) as tfType.Tensor2D;
  return {
    layers,
    activations: (input, layer) => split(layer).lower(input),
    scores: (activations, layer) => asLogits(split(layer).upper(activations)),
    forward: (input) => asLogits(model.apply(input, { training: false }) as tfType.Tensor),
    linearWeights: (layer) => linearHeadKernel(model, layer),
  };
}

/** The kernel [F, C] of a Dense output layer fed by global average pooling of `layer` (through dropout/flatten/activation only). */
function linearHeadKernel(model: tfType.LayersModel, layer: string): tfType.Tensor2D | undefined {
  // A walk that runs out of graph (a model input) finds no such head.
  let s: tfType.SymbolicTensor | undefined = model.outputs[0];
  if (s?.sourceLayer.getClassName() === 'Activation') s = s.inputs[0];
  if (s?.sourceLayer.getClassName() !== 'Dense') return undefined;
  const dense = s.sourceLayer;
  s = s.inputs[0];
  while (s && PASS_THROUGH.has(s.sourceLayer.getClassName())) s = s.inputs[0];
  if (!s || !POOLING.has(s.sourceLayer.getClassName())) return undefined;
  let pooled = s.inputs[0];
  if (pooled?.sourceLayer.getClassName() === 'Reshape' && s.sourceLayer.getClassName() === 'GlobalAveragePooling1D') pooled = pooled.inputs[0]; // positions × F, as tfjs has no GAP3D
  if (pooled?.sourceLayer.name !== layer) return undefined;
  const [kernel] = dense.getWeights();
  return kernel?.clone() as tfType.Tensor2D | undefined;
}
