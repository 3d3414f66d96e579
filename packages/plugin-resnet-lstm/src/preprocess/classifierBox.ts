import { squareBox } from '@hemocam/imaging';
import type { SquareBox, Volume } from '@hemocam/core';
import { brainMask } from '../brainMask.js';
import type { ResnetLstmConfig } from '../config.js';

/** Boxes already found, per volume and margin: the classifier and every CAM stage of a run ask for the same one. */
const found = new WeakMap<Volume, Map<number, SquareBox | null>>();

/**
 * The square of each slice the classifier sees: with `crop: brain`, around the brain mask of the
 * volume (computed here with brain-mask's defaults, so the classifier needs no brainMask
 * artifact) plus `cropMarginMm`; null (the whole slice) for `crop: none` or an empty brain.
 */
export function classifierBox(volume: Volume, config: Pick<ResnetLstmConfig, 'crop' | 'cropMarginMm'>): SquareBox | null {
  if (config.crop === 'none') return null;
  let byMargin = found.get(volume);
  if (!byMargin) found.set(volume, (byMargin = new Map<number, SquareBox | null>()));
  if (!byMargin.has(config.cropMarginMm)) byMargin.set(config.cropMarginMm, squareBox(brainMask(volume).data, volume.dims, volume.spacing, config.cropMarginMm));
  return byMargin.get(config.cropMarginMm)!;
}
