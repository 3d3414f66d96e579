import type * as tfType from '@tensorflow/tfjs';
import { loadModels, saveModels } from '@hemocam/tensor';
import type { Classifier } from '../model/buildClassifier.js';

const PARTS = ['encoder', 'head', 'aux'] as const;

/** Save the three models of a classifier under dir/{encoder,head,aux}, replacing dir as a whole. */
export async function saveClassifier(tf: typeof tfType, classifier: Classifier, dir: string): Promise<void> {
  await saveModels(tf, { ...classifier }, dir);
}

export async function loadClassifier(tf: typeof tfType, dir: string): Promise<Classifier> {
  return loadModels(tf, dir, PARTS);
}
