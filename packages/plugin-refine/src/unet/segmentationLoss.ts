import type * as tfType from '@tensorflow/tfjs';

/**
 * Binary cross-entropy on logits plus `diceWeight` × soft Dice loss (1 − 2Σpy / (Σp + Σy)) over
 * the batch. `weights` (broadcast to the logits, e.g. one per slice as [batch, 1, 1, 1]) leave
 * voxels out where 0: the cross-entropy is averaged over the weighted voxels, the Dice sums are weighted.
 */
export function segmentationLoss(tf: typeof tfType, logits: tfType.Tensor, targets: tfType.Tensor, diceWeight: number, weights?: tfType.Tensor): tfType.Scalar {
  const perVoxel = tf.losses.sigmoidCrossEntropy(targets, logits, undefined, 0, tf.Reduction.NONE);
  const w = weights ? tf.mul(weights, tf.onesLike(logits)) : undefined;
  const bce = w ? tf.div(tf.sum(tf.mul(perVoxel, w)), tf.maximum(tf.sum(w), 1)) : tf.mean(perVoxel);
  if (diceWeight === 0) return bce as tfType.Scalar;
  const p = w ? tf.mul(tf.sigmoid(logits), w) : tf.sigmoid(logits);
  const y = w ? tf.mul(targets, w) : targets;
  const softDice = tf.div(tf.add(tf.mul(2, tf.sum(tf.mul(p, y))), 1), tf.add(tf.add(tf.sum(p), tf.sum(y)), 1));
  return tf.add<tfType.Scalar>(bce, tf.mul(diceWeight, tf.sub(1, softDice)));
}
