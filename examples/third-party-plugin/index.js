// @ts-check
import { z } from 'zod';
import { brainMask, otsuThreshold, readPackageMeta, removeSmallComponents, volumeLike } from '@hemocam/core';

const configSchema = z
  .object({
    low: z.number().default(40).describe('Lowest HU of the window'),
    high: z.number().default(100).describe('Highest HU of the window'),
    minVolumeMm3: z.number().min(0).default(30).describe('Drop 3-D components smaller than this'),
  })
  .strict();

/**
 * Stage `hu-window-otsu`: brain voxels inside an HU window, split by an Otsu threshold computed per
 * case over the window's voxels; the brighter class, without small components, is the pseudo mask.
 * @implements {import('@hemocam/core').Stage}
 */
export class HuWindowOtsuStage {
  static description = 'Pseudo mask: HU window inside the brain, split per case by Otsu';
  static configSchema = configSchema;
  static needs = ['volume'];
  static provides = ['pseudoMask'];

  /** @param {z.output<typeof configSchema>} config @param {import('@hemocam/core').StageContext} ctx */
  constructor(config, ctx) {
    this.config = config;
    this.ctx = ctx;
  }

  /** @param {import('@hemocam/core').Case} item */
  async run(item) {
    const volume = /** @type {import('@hemocam/core').Volume} */ (item.artifacts.get('volume'));
    const brain = brainMask(volume).data;
    const { low, high, minVolumeMm3 } = this.config;
    const inWindow = [];
    for (let i = 0; i < volume.data.length; i++) if (brain[i] && volume.data[i] >= low && volume.data[i] <= high) inWindow.push(volume.data[i]);
    const level = inWindow.length > 0 ? otsuThreshold(inWindow) : Infinity;
    const mask = Uint8Array.from(volume.data, (v, i) => (brain[i] && v >= level && v <= high ? 1 : 0));
    const [sx, sy, sz] = volume.spacing;
    item.artifacts.set('pseudoMask', volumeLike(volume, removeSmallComponents(mask, volume.dims, Math.ceil(minVolumeMm3 / (sx * sy * sz)))));
  }

  dispose() {}
}

/** @type {import('@hemocam/core').Plugin} */
export default {
  meta: readPackageMeta(new URL('./package.json', import.meta.url)), // name and version as package.json says
  apiVersion: 1,
  stages: { 'hu-window-otsu': HuWindowOtsuStage },
};
