import type * as tfType from '@tensorflow/tfjs';
import type { Classifier } from '../model/buildClassifier.js';
import { HemocamError } from '@hemocam/core';
import { encodeOptimizerSlots, restoreOptimizerSlots, type EncodedSlots } from '@hemocam/tensor';

/** Every weight of a classifier (trainable and batch-norm statistics) and the optimizer's slots, as plain data. */
export interface ReplicaState {
  weights: Float32Array[];
  slots: EncodedSlots;
}

const parts = (c: Classifier) => [c.encoder, c.head, c.aux];

export async function getReplicaState(tf: typeof tfType, classifier: Classifier, optimizer: tfType.Optimizer): Promise<ReplicaState> {
  const weights = parts(classifier).flatMap((m) => m.getWeights().map((w) => w.dataSync().slice() as Float32Array));
  return { weights, slots: await encodeOptimizerSlots(tf, optimizer) };
}

export async function setReplicaState(tf: typeof tfType, classifier: Classifier, optimizer: tfType.Optimizer, state: ReplicaState): Promise<void> {
  let next = 0;
  for (const model of parts(classifier)) {
    const tensors = model.getWeights().map((w) => {
      const values = state.weights[next++];
      if (!values) throw new HemocamError('RUNTIME', `resnet-lstm: a replica state holds ${state.weights.length} weights, fewer than the model has`);
      return tf.tensor(values, w.shape);
    });
    model.setWeights(tensors);
    tf.dispose(tensors);
  }
  await restoreOptimizerSlots(tf, optimizer, state.slots);
}
