import type * as tfType from '@tensorflow/tfjs';
import type { LightUnetConfig } from './lightUnetConfig.js';

/**
 * A light 2-D U-Net (Ronneberger, Fischer & Brox, 2015): three levels of two 3×3
 * conv–BN–ReLU blocks with max pooling, a bottleneck, transposed-conv upsampling with skip
 * concatenation, and a 1×1 conv to one logit per pixel. Seeded initialisers.
 */
export function buildUnet(tf: typeof tfType, config: Pick<LightUnetConfig, 'inputSize' | 'filters' | 'windows'>, seed: number): tfType.LayersModel {
  let n = 1; // tfjs treats a seed of 0 as no seed
  const init = () => tf.initializers.heNormal({ seed: seed * 1000 + n++ });
  const block = (x: tfType.SymbolicTensor, filters: number, name: string) => {
    for (const k of [1, 2]) {
      x = tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init(), name: `${name}_conv${k}` }).apply(x) as tfType.SymbolicTensor;
      x = tf.layers.batchNormalization({ name: `${name}_bn${k}`, momentum: 0.9 }).apply(x) as tfType.SymbolicTensor;
      x = tf.layers.activation({ activation: 'relu', name: `${name}_relu${k}` }).apply(x) as tfType.SymbolicTensor;
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
    x = tf.layers.maxPooling2d({ poolSize: 2, name: `pool${level + 1}` }).apply(x) as tfType.SymbolicTensor;
  }
  x = block(x, f * 8, 'bottleneck');
  for (let level = 2; level >= 0; level--) {
    x = tf.layers.conv2dTranspose({ filters: f * 2 ** level, kernelSize: 2, strides: 2, padding: 'same', kernelInitializer: init(), name: `up${level + 1}` }).apply(x) as tfType.SymbolicTensor;
    x = tf.layers.concatenate({ name: `skip${level + 1}` }).apply([x, skips[level]!]) as tfType.SymbolicTensor;
    x = block(x, f * 2 ** level, `dec${level + 1}`);
  }
  const logit = tf.layers.conv2d({ filters: 1, kernelSize: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + n++ }), name: 'logit' }).apply(x) as tfType.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logit, name: 'light_unet' });
}
