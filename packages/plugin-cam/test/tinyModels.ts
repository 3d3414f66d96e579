import * as tf from '@tensorflow/tfjs';

/** Deterministic pseudo-random values in [-1, 1). */
export function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 30 - 1;
}

export const H = 5;
export const W = 6;
export const CIN = 2;
export const F = 3;
export const J = 2;

/** Hand-set weights of the tiny models, in plain arrays the reference formulas read. */
export interface TinyWeights {
  kernel: number[]; // [3, 3, CIN, F]
  bias: number[]; // [F]
  u: number[]; // [F, J] 1×1 conv of the nonlinear head
  c: number[]; // [J]
  v: number[]; // [H·W·J] dense after flatten
  d: number;
  w: number[]; // [F] dense after global average pooling (linear head)
  e: number;
}

export function tinyWeights(seed: number, scale = 1): TinyWeights {
  const r = lcg(seed);
  const n = (k: number) => Array.from({ length: k }, () => r() * scale);
  return { kernel: n(9 * CIN * F), bias: n(F).map((b) => b * 0.2), u: n(F * J), c: n(J), v: n(H * W * J), d: r(), w: n(F), e: r() };
}

/** input → conv 3×3 'features' (ReLU) → either GAP → dense(1) (`linear`), or 1×1 conv (tanh) → flatten → dense(1). */
export function tinyModel(weights: TinyWeights, head: 'linear' | 'nonlinear'): tf.LayersModel {
  const input = tf.input({ shape: [H, W, CIN] });
  const conv = tf.layers.conv2d({ filters: F, kernelSize: 3, padding: 'same', activation: 'relu', name: 'features' });
  const features = conv.apply(input) as tf.SymbolicTensor;
  let out: tf.SymbolicTensor;
  const dense = tf.layers.dense({ units: 1, name: 'logit' });
  let mid: tf.layers.Layer | undefined;
  if (head === 'linear') {
    out = dense.apply(tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(features)) as tf.SymbolicTensor;
  } else {
    mid = tf.layers.conv2d({ filters: J, kernelSize: 1, activation: 'tanh', name: 'mix' });
    out = dense.apply(tf.layers.flatten().apply(mid.apply(features))) as tf.SymbolicTensor;
  }
  const model = tf.model({ inputs: input, outputs: out });
  conv.setWeights([tf.tensor4d(weights.kernel, [3, 3, CIN, F]), tf.tensor1d(weights.bias)]);
  if (head === 'linear') dense.setWeights([tf.tensor2d(weights.w, [F, 1]), tf.tensor1d([weights.e])]);
  else {
    mid!.setWeights([tf.tensor4d(weights.u, [1, 1, F, J]), tf.tensor1d(weights.c)]);
    dense.setWeights([tf.tensor2d(weights.v, [H * W * J, 1]), tf.tensor1d([weights.d])]);
  }
  return model;
}

/** input → conv3d 'features' (ReLU) → reshape to positions × F → GAP1D → dense(1): a model on 3-D volumes (tfjs has no GAP3D). */
export function tinyModel3d(seed: number): tf.LayersModel {
  const input = tf.input({ shape: [4, 5, 6, 1] });
  const features = tf.layers.conv3d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', name: 'features', kernelInitializer: tf.initializers.randomNormal({ seed }) }).apply(input);
  const positions = tf.layers.reshape({ targetShape: [4 * 5 * 6, 3] }).apply(features);
  const out = tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.randomNormal({ seed: seed + 1 }) }).apply(tf.layers.globalAveragePooling1d({}).apply(positions));
  return tf.model({ inputs: input, outputs: out as tf.SymbolicTensor });
}
