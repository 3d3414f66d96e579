// @ts-check
import { z } from 'zod';
import { readPackageMeta, volumeLike } from '@hemocam/core';

const configSchema = z
  .object({
    low: z.number().default(40).describe('Lowest HU of the window'),
    high: z.number().default(100).describe('Highest HU of the window'),
  })
  .strict();

/**
 * Otsu's threshold of a list of values (256 bins between their min and max): the level that
 * maximises the between-class variance. Written out here so the plugin needs only core and zod.
 * @param {number[]} values
 */
export function otsuThreshold(values) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  if (!(hi > lo)) return lo;
  const bins = new Float64Array(256);
  for (const v of values) bins[Math.min(255, Math.floor(((v - lo) / (hi - lo)) * 256))]++;
  let total = 0;
  for (let i = 0; i < 256; i++) total += i * bins[i];
  let below = 0;
  let sumBelow = 0;
  let best = 0;
  let level = 0;
  for (let i = 0; i < 256; i++) {
    below += bins[i];
    sumBelow += i * bins[i];
    const above = values.length - below;
    if (below === 0 || above === 0) continue;
    const between = below * above * (sumBelow / below - (total - sumBelow) / above) ** 2;
    if (between > best) (best = between), (level = i + 1);
  }
  return lo + (level / 256) * (hi - lo);
}

/**
 * Stage `hu-window-otsu`: brain voxels inside an HU window, split by an Otsu threshold computed per
 * case over the window's voxels; the brighter class is the pseudo mask.
 * @implements {import('@hemocam/core').Stage}
 */
export class HuWindowOtsuStage {
  static description = 'Pseudo mask: HU window inside the brain, split per case by Otsu';
  static configSchema = configSchema;
  static needs = ['volume', 'brainMask'];
  static provides = ['pseudoMask'];

  /** @param {z.output<typeof configSchema>} config */
  constructor(config) {
    this.config = config;
  }

  /** @param {import('@hemocam/core').Case} item */
  async run(item) {
    const volume = item.get('volume');
    const brain = /** @type {import('@hemocam/core').Volume} */ (item.get(/** @type {any} */ ('brainMask'))).data; // declared by @hemocam/plugin-resnet-lstm
    const { low, high } = this.config;
    const inWindow = [];
    for (let i = 0; i < volume.data.length; i++) if (brain[i] && volume.data[i] >= low && volume.data[i] <= high) inWindow.push(volume.data[i]);
    const level = inWindow.length > 0 ? otsuThreshold(inWindow) : Infinity;
    item.set(/** @type {any} */ ('pseudoMask'), volumeLike(volume, Uint8Array.from(volume.data, (v, i) => (brain[i] && v >= level && v <= high ? 1 : 0))));
  }

  dispose() {}
}

/** @type {import('@hemocam/core').Plugin} */
export default {
  meta: readPackageMeta(new URL('./package.json', import.meta.url)), // name and version as package.json says
  apiVersion: 2,
  stages: { 'hu-window-otsu': HuWindowOtsuStage },
  artifacts: { pseudoMask: { kind: 'mask', description: 'bright brain voxels inside the HU window' } },
};
