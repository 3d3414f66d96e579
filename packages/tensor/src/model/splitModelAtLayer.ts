import type * as tf from '@tensorflow/tfjs';
import { HemocamError } from '@hemocam/core';

type Symbolic = tf.SymbolicTensor;

export interface SplitModel {
  /** Input → the layer's output. */
  lower(input: tf.Tensor): tf.Tensor;
  /** The layer's output → the model's (first) output; differentiable with respect to it. */
  upper(activations: tf.Tensor): tf.Tensor;
}

/**
 * Splits a functional tfjs LayersModel at a named layer by re-applying its layers eagerly
 * along the graph, so gradients can be taken with respect to that layer's activations (tfjs
 * has no handle on intermediate tensors). Every path from the input to the output must pass
 * through the layer; a skip connection around it is an error. Layers run in inference mode.
 * Call inside `tf.tidy` (intermediate tensors are not disposed here).
 */
export function splitModelAtLayer(model: tf.LayersModel, layerName: string): SplitModel {
  const names = model.layers.map((l) => l.name);
  if (!names.includes(layerName)) {
    throw new HemocamError('CONFIG', `model ${model.name} has no layer '${layerName}'; its layers are: ${names.join(', ')}`);
  }
  const [modelInput] = model.inputs;
  const [modelOutput] = model.outputs;
  if (model.inputs.length !== 1 || !modelInput) throw new HemocamError('CONFIG', `model ${model.name} has ${model.inputs.length} inputs; only single-input models can be split`);
  if (!modelOutput) throw new HemocamError('CONFIG', `model ${model.name} has no output`);
  const output = model.getLayer(layerName).output;
  if (Array.isArray(output)) throw new HemocamError('CONFIG', `layer '${layerName}' has several outputs; choose a layer with one`);
  const evaluate = (target: Symbolic, known: Map<number, tf.Tensor>, from: string): tf.Tensor => {
    const visit = (s: Symbolic): tf.Tensor => {
      const seen = known.get(s.id);
      if (seen) return seen;
      if (s.inputs.length === 0) {
        throw new HemocamError('CONFIG', `model ${model.name}: a path from '${s.name}' reaches the output without passing through '${from}' (a skip connection around it); choose a later layer`);
      }
      const inputs = s.inputs.map(visit);
      const result = s.sourceLayer.apply(inputs.length === 1 ? inputs[0]! : inputs, { ...s.callArgs, training: false }) as tf.Tensor | tf.Tensor[];
      const value = Array.isArray(result) ? result[s.outputTensorIndex ?? 0] : result;
      if (!value) throw new HemocamError('RUNTIME', `model ${model.name}: layer '${s.sourceLayer.name}' gave no output ${s.outputTensorIndex ?? 0}`);
      known.set(s.id, value);
      return value;
    };
    return visit(target);
  };
  return {
    lower: (input) => evaluate(output, new Map([[modelInput.id, input]]), modelInput.name),
    upper: (activations) => evaluate(modelOutput, new Map([[output.id, activations]]), layerName),
  };
}
