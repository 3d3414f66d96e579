import type * as tfType from '@tensorflow/tfjs';

export interface EncodedSlots {
  data: ArrayBuffer;
  specs: tfType.io.WeightsManifestEntry[];
}

/** The optimizer's slots (iterations, moments) as bytes plus specs, for checkpoints and replica sync. */
export async function encodeOptimizerSlots(tf: typeof tfType, optimizer: tfType.Optimizer): Promise<EncodedSlots> {
  const named = await optimizer.getWeights();
  const encoded = await tf.io.encodeWeights(named);
  // getWeights hands out the optimizer's own variables plus a fresh `iter` scalar, which is ours to free.
  for (const slot of named) if (!(slot.tensor instanceof tf.Variable)) slot.tensor.dispose();
  return { data: encoded.data, specs: encoded.specs };
}

/** Load slots written by `encodeOptimizerSlots` into an optimizer. */
export async function restoreOptimizerSlots(tf: typeof tfType, optimizer: tfType.Optimizer, slots: EncodedSlots): Promise<void> {
  const tensors = tf.io.decodeWeights(slots.data, slots.specs);
  await optimizer.setWeights(Object.entries(tensors).map(([name, tensor]) => ({ name, tensor })));
  tf.dispose(Object.values(tensors));
}
