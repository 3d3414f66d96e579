import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitModelAtLayer } from './splitModelAtLayer.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function residualModel(): tf.LayersModel {
  const input = tf.input({ shape: [6, 6, 2] });
  const a = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', name: 'c1', kernelInitializer: tf.initializers.randomNormal({ seed: 1 }) }).apply(input) as tf.SymbolicTensor;
  const b = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', name: 'c2', kernelInitializer: tf.initializers.randomNormal({ seed: 2 }) }).apply(a) as tf.SymbolicTensor;
  const sum = tf.layers.add({ name: 'sum' }).apply([a, b]) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(sum) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 2, name: 'out', kernelInitializer: tf.initializers.randomNormal({ seed: 3 }) }).apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

describe('splitModelAtLayer', () => {
  it('lower then upper equals the whole model, at a layer inside a residual graph', () => {
    const model = residualModel();
    const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 4);
    for (const layer of ['c1', 'sum', 'gap']) {
      const split = splitModelAtLayer(model, layer);
      const whole = model.predict(x) as tf.Tensor;
      const parts = tf.tidy(() => split.upper(split.lower(x)));
      expect(Array.from(parts.dataSync())).toEqual(Array.from(whole.dataSync()));
    }
  });

  it('gives gradients with respect to the activations', () => {
    const split = splitModelAtLayer(residualModel(), 'sum');
    const acts = tf.tidy(() => split.lower(tf.ones([1, 6, 6, 2])));
    const grad = tf.grad((a: tf.Tensor) => tf.sum(split.upper(a)))(acts);
    expect(grad.shape).toEqual([1, 6, 6, 3]);
    expect(Math.max(...Array.from(grad.abs().dataSync()))).toBeGreaterThan(0);
  });

  it('refuses a layer bypassed by a skip connection, and an unknown layer', () => {
    const model = residualModel();
    expect(() => tf.tidy(() => splitModelAtLayer(model, 'c2').upper(tf.ones([1, 6, 6, 3])))).toThrow(/skip connection/);
    expect(() => splitModelAtLayer(model, 'nope')).toThrow(/no layer 'nope'.*c1/);
  });
});
