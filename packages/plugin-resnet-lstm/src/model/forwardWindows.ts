import type * as tfType from '@tensorflow/tfjs';
import type { Classifier } from './buildClassifier.js';

/**
 * Training forward pass: windows [B, T, S, S, C] → slice logits [B, T] from the LSTM head and
 * [B, T] from the auxiliary head. Every slice goes through the encoder with its gradients.
 */
export function forwardWindows(tf: typeof tfType, model: Classifier, windows: tfType.Tensor5D, training: boolean): { logits: tfType.Tensor2D; auxLogits: tfType.Tensor2D } {
  const [b, t, s, , c] = windows.shape;
  const features = model.encoder.apply(tf.reshape(windows, [b * t, s, s, c]), { training }) as tfType.Tensor4D;
  const pooled = tf.mean<tfType.Tensor2D>(features, [1, 2]); // [B·T, F]
  const logits = tf.reshape<tfType.Rank.R2>(model.head.apply(tf.reshape(pooled, [b, t, -1]), { training }) as tfType.Tensor, [b, t]);
  const auxLogits = tf.reshape<tfType.Rank.R2>(model.aux.apply(pooled, { training }) as tfType.Tensor, [b, t]);
  return { logits, auxLogits };
}

/** Encode slices [n, S, S, C] in batches: pooled features [n, F] as a flat array (row-major). */
export function encodeSlices(tf: typeof tfType, model: Classifier, slices: tfType.Tensor4D, batch = 16): Float32Array {
  const n = slices.shape[0];
  let pooled: Float32Array = new Float32Array(0);
  tf.tidy(() => {
    const parts: tfType.Tensor2D[] = [];
    for (let i = 0; i < n; i += batch) {
      const chunk = tf.slice(slices, [i, 0, 0, 0], [Math.min(batch, n - i), -1, -1, -1]);
      parts.push(tf.mean<tfType.Tensor2D>(model.encoder.apply(chunk, { training: false }) as tfType.Tensor4D, [1, 2]));
    }
    pooled = tf.concat(parts, 0).dataSync() as Float32Array; // read here, not returned: tidy walks returned arrays
  });
  return pooled;
}

/**
 * The head over pooled slice features [n, F]: each slice's probability (sigmoid) from the
 * window centred on it, edges padded by repeating the end slices.
 */
export function slicesFromPooled(tf: typeof tfType, model: Classifier, pooled: Float32Array, n: number, windowLength: number): Float32Array {
  const half = (windowLength - 1) / 2;
  let probs: Float32Array = new Float32Array(0);
  tf.tidy(() => {
    const features = tf.tensor2d(pooled, [n, pooled.length / n]);
    const index = Array.from({ length: n }, (_, c) => Array.from({ length: windowLength }, (_, k) => Math.min(n - 1, Math.max(0, c - half + k)))).flat();
    const windows = tf.reshape(tf.gather(features, tf.tensor1d(index, 'int32')), [n, windowLength, -1]);
    const logits = model.head.apply(windows, { training: false }) as tfType.Tensor3D; // [n, T, 1]
    probs = tf.sigmoid(tf.reshape(tf.slice(logits, [0, half, 0], [n, 1, 1]), [n])).dataSync() as Float32Array;
  });
  return probs;
}

/** Inference over a whole volume on this thread: encode every slice once, then the head per window. */
export function predictSlices(tf: typeof tfType, model: Classifier, slices: tfType.Tensor4D, windowLength: number, batch = 16): Float32Array {
  return slicesFromPooled(tf, model, encodeSlices(tf, model, slices, batch), slices.shape[0], windowLength);
}
