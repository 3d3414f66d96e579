import type * as tfType from '@tensorflow/tfjs';

/** Σ_k w_k · A_k over the channel axis: activations [N, ...spatial, F], weights [N, F] or [F] → [N, ...spatial]. */
export function weightedSum(tf: typeof tfType, activations: tfType.Tensor, weights: tfType.Tensor): tfType.Tensor {
  const spatial = activations.rank - 2;
  const n = weights.rank === 1 ? 1 : weights.shape[0];
  const shaped = tf.reshape(weights, [n, ...new Array<number>(spatial).fill(1), weights.shape[weights.rank - 1]!]);
  return tf.sum(tf.mul(activations, shaped), -1);
}
