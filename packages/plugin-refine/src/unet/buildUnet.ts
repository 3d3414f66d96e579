import type * as tfType from '@tensorflow/tfjs';
import type { LightUnetConfig } from './lightUnetConfig.js';

/**
 * A light 2-D U-Net (Ronneberger, Fischer & Brox, 2015): three levels of two 3×3
 * conv–BN–ReLU blocks with max pooling, a bottleneck, transposed-conv upsampling with skip
 * concatenation, and a 1×1 conv to one logit per pixel. With `sliceHead`, a second output: the
 * bottleneck's features average- and max-pooled over the slice into one logit per slice.
 * Seeded initialisers.
 */
export function buildUnet(tf: typeof tfType, config: Pick<LightUnetConfig, 'inputSize' | 'filters' | 'windows' | 'sliceHead'>, seed: number): tfType.LayersModel {
  let n = 1; // tfjs treats a seed of 0 as no seed
  const init = () => tf.initializers.heNormal({ seed: seed * 1000 + n++ });
  const apply = (layer: tfType.layers.Layer, x: tfType.SymbolicTensor | tfType.SymbolicTensor[]) => layer.apply(x) as tfType.SymbolicTensor;
  const block = (x: tfType.SymbolicTensor, filters: number, name: string) => {
    for (const k of [1, 2]) {
      x = apply(tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init(), name: `${name}_conv${k}` }), x);
      x = apply(tf.layers.batchNormalization({ name: `${name}_bn${k}`, momentum: 0.9 }), x);
      x = apply(tf.layers.activation({ activation: 'relu', name: `${name}_relu${k}` }), x);
    }
    return x;
  };
  const f = config.filters;
  const input = tf.input({ shape: [config.inputSize, config.inputSize, config.windows.length], name: 'slices' });
  const skips: tfType.SymbolicTensor[] = [];
  let x = input;
  for (let level = 0; level < 3; level++) {
    x = block(x, f * 2 ** level, `down${level + 1}`);
    skips.push(x);
    x = apply(tf.layers.maxPooling2d({ poolSize: 2, name: `pool${level + 1}` }), x);
  }
  const bottleneck = block(x, f * 8, 'bottleneck');
  x = bottleneck;
  for (let level = 2; level >= 0; level--) {
    x = apply(tf.layers.conv2dTranspose({ filters: f * 2 ** level, kernelSize: 2, strides: 2, padding: 'same', kernelInitializer: init(), name: `up${level + 1}` }), x);
    x = apply(tf.layers.concatenate({ name: `skip${level + 1}` }), [x, skips[level]!]);
    x = block(x, f * 2 ** level, `dec${level + 1}`);
  }
  const logit = apply(tf.layers.conv2d({ filters: 1, kernelSize: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + n++ }), name: 'logit' }), x);
  if (!config.sliceHead) return tf.model({ inputs: input, outputs: logit, name: 'light_unet' });
  const pooled = apply(tf.layers.concatenate({ name: 'slice_pool' }), [
    apply(tf.layers.globalAveragePooling2d({ name: 'slice_avg' }), bottleneck),
    // A max pool over the whole bottleneck (inputSize/8 square), not globalMaxPooling2d: the same values, but its gradient runs in the native MaxPoolGrad instead of a broadcast Equal that cost 10 ms of a 300 ms step on wasm.
    apply(tf.layers.flatten({ name: 'slice_max' }), apply(tf.layers.maxPooling2d({ poolSize: config.inputSize / 8, name: 'slice_maxpool' }), bottleneck)),
  ]);
  const sliceLogit = apply(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + n++ }), name: 'slice_logit' }), pooled);
  return tf.model({ inputs: input, outputs: [logit, sliceLogit], name: 'light_unet' });
}
