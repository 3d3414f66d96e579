import type * as tfType from '@tensorflow/tfjs';

/** The parts of tfjs's AdamOptimizer that it keeps private and this subclass shares. */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tfType.Variable;
  accBeta2: tfType.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tfType.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tfType.Variable } | undefined)[];
}

/**
 * TensorFlow.js's Adam with the per-variable update in one native kernel (`HemocamAdam`)
 * instead of eleven element-wise ops; the same state, names and checkpoints (it is an
 * AdamOptimizer, class name 'Adam'), the same formula.
 */
function nativeAdamClass(tf: typeof tfType) {
  return class NativeAdamOptimizer extends tf.AdamOptimizer {
    override applyGradients(variableGradients: tfType.NamedTensorMap | { name: string; tensor: tfType.Tensor }[]): void {
      const state = this as unknown as AdamState;
      const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
      const attrs = {
        learningRate: state.learningRate,
        beta1: state.beta1,
        beta2: state.beta2,
        epsilon: state.epsilon,
        beta1Power: state.accBeta1.dataSync()[0]!,
        beta2Power: state.accBeta2.dataSync()[0]!,
      };
      tf.tidy(() => {
        names.forEach((name, i) => {
          const value = tf.engine().registeredVariables[name]!;
          state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
          state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
          const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
          if (!gradient) return;
          const m = state.accumulatedFirstMoment[i].variable;
          const v = state.accumulatedSecondMoment[i].variable;
          const [newValue, newM, newV] = tf.engine().runKernel<tfType.Tensor[]>('HemocamAdam', { value, gradient, m, v }, attrs);
          m.assign(newM!);
          v.assign(newV!);
          value.assign(newValue!);
        });
        state.accBeta1.assign(tf.mul(state.accBeta1, state.beta1));
        state.accBeta2.assign(tf.mul(state.accBeta2, state.beta2));
      });
      this.incrementIterations();
    }
  };
}

let NativeAdam: ReturnType<typeof nativeAdamClass> | undefined;

/** Adam for the current backend: the native one where its kernel is registered (wasm with native kernels), else tfjs's own. */
export function createAdam(tf: typeof tfType, learningRate: number): tfType.Optimizer {
  if (tf.getBackend() !== 'wasm' || !(tf.getKernel('HemocamAdam', 'wasm') as tfType.KernelConfig | undefined)) return tf.train.adam(learningRate);
  NativeAdam ??= nativeAdamClass(tf);
  return new NativeAdam(learningRate, 0.9, 0.999);
}
