import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { HemocamError, writeFileAtomic } from '@hemocam/core';

/** Concatenate tfjs weight data, which 4.x hands over as one buffer or a list of them. */
function weightBytes(data: ArrayBuffer | ArrayBuffer[] | undefined): Uint8Array {
  const parts = data === undefined ? [] : Array.isArray(data) ? data : [data];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out;
}

/**
 * Save a tfjs LayersModel in the standard format (model.json + weights.bin) into `dir`, through
 * an IOHandler of our own: tfjs-node's file:// handler is not there without tfjs-node.
 */
export async function saveLayersModel(tf: typeof tfType, model: tfType.LayersModel, dir: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      await mkdir(dir, { recursive: true });
      await writeFileAtomic(join(dir, 'weights.bin'), weightBytes(artifacts.weightData));
      const manifest = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      await writeFileAtomic(join(dir, 'model.json'), JSON.stringify(manifest));
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
}

/** Load a model saved by `saveLayersModel` (or any single-shard tfjs layers model). */
export async function loadLayersModel(tf: typeof tfType, dir: string): Promise<tfType.LayersModel> {
  const file = join(dir, 'model.json');
  if (!existsSync(file)) throw new HemocamError('INPUT', `${file} does not exist; train the pipeline first (hemocam train)`, { file });
  const manifest = JSON.parse(await readFile(file, 'utf8')) as tfType.io.ModelJSON;
  const paths = manifest.weightsManifest.flatMap((group) => group.paths);
  const buffers = await Promise.all(paths.map((p) => readFile(join(dir, p))));
  const weightData = weightBytes(buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength))).buffer as ArrayBuffer;
  const weightSpecs = manifest.weightsManifest.flatMap((group) => group.weights);
  return tf.loadLayersModel({ load: async () => ({ modelTopology: manifest.modelTopology, weightSpecs, weightData }) });
}

/** Replace folder `target` by `staged` (both on one filesystem): the old one disappears only once the new one is whole. */
export async function swapFolder(staged: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const old = `${target}.old`;
  await rm(old, { recursive: true, force: true });
  if (existsSync(target)) await rename(target, old);
  await rename(staged, target);
  await rm(old, { recursive: true, force: true });
}
