import type * as tfType from '@tensorflow/tfjs';

/** Binary cross-entropy on logits plus `diceWeight` × soft Dice loss (1 − 2Σpy / (Σp + Σy)) over the batch. */
export function segmentationLoss(tf: typeof tfType, logits: tfType.Tensor, targets: tfType.Tensor, diceWeight: number): tfType.Scalar {
  const bce = tf.losses.sigmoidCrossEntropy<tfType.Tensor, tfType.Scalar>(targets, logits);
  if (diceWeight === 0) return bce;
  const p = tf.sigmoid(logits);
  const softDice = tf.div(tf.add(tf.mul(2, tf.sum(tf.mul(p, targets))), 1), tf.add(tf.add(tf.sum(p), tf.sum(targets)), 1));
  return tf.add<tfType.Scalar>(bce, tf.mul(diceWeight, tf.sub(1, softDice)));
}
