import type * as tfType from '@tensorflow/tfjs';
import type { Classifier } from '../model/buildClassifier.js';

/** Every weight of a classifier (trainable and batch-norm statistics) and the optimizer's slots, as plain data. */
export interface ReplicaState {
  weights: Float32Array[];
  slots: { data: ArrayBuffer; specs: tfType.io.WeightsManifestEntry[] };
}

const parts = (c: Classifier) => [c.encoder, c.head, c.aux];

export async function getReplicaState(tf: typeof tfType, classifier: Classifier, optimizer: tfType.Optimizer): Promise<ReplicaState> {
  const weights = parts(classifier).flatMap((m) => m.getWeights().map((w) => w.dataSync().slice() as Float32Array));
  const named = await optimizer.getWeights();
  const encoded = await tf.io.encodeWeights(named);
  for (const slot of named) if (!(slot.tensor instanceof tf.Variable)) slot.tensor.dispose();
  return { weights, slots: { data: encoded.data as ArrayBuffer, specs: encoded.specs } };
}

export async function setReplicaState(tf: typeof tfType, classifier: Classifier, optimizer: tfType.Optimizer, state: ReplicaState): Promise<void> {
  let next = 0;
  for (const model of parts(classifier)) {
    const tensors = model.getWeights().map((w) => tf.tensor(state.weights[next++], w.shape));
    model.setWeights(tensors);
    tf.dispose(tensors);
  }
  const slots = tf.io.decodeWeights(state.slots.data, state.slots.specs);
  await optimizer.setWeights(Object.entries(slots).map(([name, tensor]) => ({ name, tensor })));
  tf.dispose(Object.values(slots));
}
