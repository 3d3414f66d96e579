import { squareBox } from '@hemocam/imaging';
import type { SquareBox, Volume } from '@hemocam/core';
import type { LightUnetConfig } from './lightUnetConfig.js';

/** The square of each slice the U-Net sees: around the brain mask with `crop: brain` (null, the whole slice, for `none` or an empty mask). */
export function unetBox(brain: ArrayLike<number>, volume: Volume, config: Pick<LightUnetConfig, 'crop' | 'cropMarginMm'>): SquareBox | null {
  return config.crop === 'brain' ? squareBox(brain, volume.dims, volume.spacing, config.cropMarginMm) : null;
}
