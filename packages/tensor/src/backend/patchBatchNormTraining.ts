import * as tf from '@tensorflow/tfjs';

/** tfjs-layers' LayerVariable, which its typings do not export. */
interface LayerVariable {
  read(): tf.Tensor;
  write(value: tf.Tensor): void;
}

/** The fields of tfjs-layers' BatchNormalization this patch reads (public on the object, untyped in its .d.ts). */
interface BatchNormLayer {
  axis: number;
  momentum: number;
  epsilon: number;
  gamma?: LayerVariable;
  beta?: LayerVariable;
  movingMean: LayerVariable;
  movingVariance: LayerVariable;
}

type Call = (this: BatchNormLayer, inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }) => tf.Tensor;

/** y = batchNorm(x) with the batch's statistics as constants and the whole gradient (through the statistics too) in one kernel. */
function normalize(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor, varianceEpsilon: number): tf.Tensor {
  const engine = tf.engine();
  return tf.customGrad((...args: unknown[]) => {
    const [input, scale, offset, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([input, scale]);
    return {
      value: engine.runKernel<tf.Tensor>('FusedBatchNorm', { x: input, mean, variance, scale, offset }, { varianceEpsilon }),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => engine.runKernel<tf.Tensor[]>('HemocamBatchNormGrad', { x: saved[0]!, dy, mean, variance, scale: saved[1]! }, { varianceEpsilon }),
    };
  })(x, gamma, beta);
}

let patched = false;

/**
 * Batch normalization in training on wasm with the native kernels: tfjs-layers computes it as
 * moments, batchNorm and the moving averages, a dozen full passes over the activations
 * forward and backward (mean, subtract, square, mean, normalize; and their gradients); here it
 * is one pass for the statistics, one to normalize, two for the whole gradient. The layer's
 * class, config and weights stay tfjs-layers' own (checkpoints do not change); anything else
 * (inference, another backend, an axis but the last, no scale or no centre) runs the original.
 * Idempotent.
 */
export function patchBatchNormTraining(): void {
  if (patched) return;
  patched = true;
  const prototype = Object.getPrototypeOf(tf.layers.batchNormalization({})) as { call: Call };
  const original = prototype.call;
  prototype.call = function call(this: BatchNormLayer, inputs, kwargs) {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const fast =
      kwargs.training === true &&
      x !== undefined &&
      x.dtype === 'float32' &&
      x.rank >= 2 &&
      (this.axis === -1 || this.axis === x.rank - 1) &&
      this.gamma !== undefined &&
      this.beta !== undefined &&
      tf.getBackend() === 'wasm' &&
      (tf.getKernel('HemocamMoments', 'wasm') as tf.KernelConfig | undefined) !== undefined;
    if (!fast) return original.call(this, inputs, kwargs);
    return tf.tidy(() => {
      const [mean, variance] = tf.engine().runKernel<tf.Tensor[]>('HemocamMoments', { x }, {}) as [tf.Tensor, tf.Tensor];
      const y = normalize(x, this.gamma!.read(), this.beta!.read(), mean, variance, this.epsilon);
      // The moving averages as tfjs-layers updates them: v ← v − (v − batch) · (1 − momentum).
      for (const [variable, batch] of [
        [this.movingMean, mean],
        [this.movingVariance, variance],
      ] as const) {
        const value = variable.read();
        variable.write(tf.sub(value, tf.mul(tf.sub(value, batch), 1 - this.momentum)));
      }
      return y;
    });
  };
}
