import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { loadLayersModel, saveLayersModel, swapFolder } from './layersModelStore.js';
import { encodeOptimizerSlots, restoreOptimizerSlots, type EncodedSlots } from './optimizerSlots.js';
import { writeFileAtomic } from '@hemocam/core';

export type NamedModels = Record<string, tfType.LayersModel>;

/** Save named models under dir/<name>, replacing dir as a whole (staging folder, then swap). */
export async function saveModels(tf: typeof tfType, models: NamedModels, dir: string, extra?: (staging: string) => Promise<void>): Promise<void> {
  const staging = `${dir}.staging`;
  for (const [name, model] of Object.entries(models)) await saveLayersModel(tf, model, join(staging, name));
  if (extra) await extra(staging);
  await swapFolder(staging, dir);
}

export async function loadModels<N extends string>(tf: typeof tfType, dir: string, names: readonly N[]): Promise<Record<N, tfType.LayersModel>> {
  const models = await Promise.all(names.map((name) => loadLayersModel(tf, join(dir, name))));
  return Object.fromEntries(names.map((name, i) => [name, models[i]])) as Record<N, tfType.LayersModel>;
}

/**
 * A training checkpoint: the models, the optimizer's slots and the trainer's state (any JSON)
 * after a whole epoch, written to a staging folder and swapped in, so that a kill at any
 * moment leaves the previous checkpoint intact.
 */
export async function saveCheckpoint(tf: typeof tfType, models: NamedModels, optimizer: tfType.Optimizer, state: unknown, dir: string): Promise<void> {
  const encoded = await encodeOptimizerSlots(tf, optimizer);
  await saveModels(tf, models, dir, async (staging) => {
    await writeFileAtomic(join(staging, 'optimizer.bin'), new Uint8Array(encoded.data));
    await writeFileAtomic(join(staging, 'optimizer.json'), JSON.stringify(encoded.specs));
    await writeFileAtomic(join(staging, 'trainer.json'), JSON.stringify(state, null, 2));
  });
}

/** Restore weights, optimizer slots and trainer state from a checkpoint into freshly built models; undefined when there is none. */
export async function restoreCheckpoint<State>(tf: typeof tfType, models: NamedModels, optimizer: tfType.Optimizer, dir: string): Promise<State | undefined> {
  if (!existsSync(join(dir, 'trainer.json'))) return undefined;
  const saved = await loadModels(tf, dir, Object.keys(models));
  for (const [name, model] of Object.entries(models)) {
    const restored = saved[name]!; // loadModels gives one model per name asked for
    model.setWeights(restored.getWeights());
    restored.dispose();
  }
  const bytes = await readFile(join(dir, 'optimizer.bin'));
  const specs = JSON.parse(await readFile(join(dir, 'optimizer.json'), 'utf8')) as EncodedSlots['specs'];
  await restoreOptimizerSlots(tf, optimizer, { data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), specs });
  return JSON.parse(await readFile(join(dir, 'trainer.json'), 'utf8')) as State;
}
