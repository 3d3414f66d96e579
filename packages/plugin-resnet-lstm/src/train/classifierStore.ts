import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { loadLayersModel, saveLayersModel, swapFolder, writeFileAtomic } from '@hemocam/core';
import type { Classifier } from '../model/buildClassifier.js';
import { encodeOptimizerSlots, restoreOptimizerSlots } from './optimizerSlots.js';

const PARTS = ['encoder', 'head', 'aux'] as const;

/** Save the three models of a classifier under dir/{encoder,head,aux}, replacing dir as a whole. */
export async function saveClassifier(tf: typeof tfType, classifier: Classifier, dir: string, extra?: (staging: string) => Promise<void>): Promise<void> {
  const staging = `${dir}.staging`;
  for (const part of PARTS) await saveLayersModel(tf, classifier[part], join(staging, part));
  if (extra) await extra(staging);
  await swapFolder(staging, dir);
}

export async function loadClassifier(tf: typeof tfType, dir: string): Promise<Classifier> {
  const [encoder, head, aux] = await Promise.all(PARTS.map((part) => loadLayersModel(tf, join(dir, part))));
  return { encoder, head, aux };
}

export interface TrainerState {
  epoch: number;
  bestAuc: number;
  bestEpoch: number;
  badEpochs: number;
  history: { epoch: number; loss: number; valAuc: number | null; learningRate: number; seconds: number }[];
}

/**
 * A checkpoint: the classifier, the optimizer's slots and the trainer's state after a whole
 * epoch, written to a staging folder and swapped in, so that a kill at any moment leaves the
 * previous checkpoint intact.
 */
export async function saveCheckpoint(tf: typeof tfType, classifier: Classifier, optimizer: tfType.Optimizer, state: TrainerState, dir: string): Promise<void> {
  const encoded = await encodeOptimizerSlots(tf, optimizer);
  await saveClassifier(tf, classifier, dir, async (staging) => {
    await writeFileAtomic(join(staging, 'optimizer.bin'), new Uint8Array(encoded.data));
    await writeFileAtomic(join(staging, 'optimizer.json'), JSON.stringify(encoded.specs));
    await writeFileAtomic(join(staging, 'trainer.json'), JSON.stringify(state, null, 2));
  });
}

/** Restore weights, optimizer slots and trainer state from a checkpoint into freshly built models. */
export async function restoreCheckpoint(tf: typeof tfType, classifier: Classifier, optimizer: tfType.Optimizer, dir: string): Promise<TrainerState | undefined> {
  if (!existsSync(join(dir, 'trainer.json'))) return undefined;
  const saved = await loadClassifier(tf, dir);
  for (const part of PARTS) {
    classifier[part].setWeights(saved[part].getWeights());
    saved[part].dispose();
  }
  const bytes = await readFile(join(dir, 'optimizer.bin'));
  const specs = JSON.parse(await readFile(join(dir, 'optimizer.json'), 'utf8'));
  await restoreOptimizerSlots(tf, optimizer, { data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, specs });
  return JSON.parse(await readFile(join(dir, 'trainer.json'), 'utf8'));
}
