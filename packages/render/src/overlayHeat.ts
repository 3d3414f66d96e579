import type { Volume } from '@hemocam/core';
import type { RgbImage } from './RgbImage.js';
import { renderSlice } from './renderSlice.js';

/** Jet colour map: 0 blue → cyan → yellow → 1 red. */
function jet(v: number): [number, number, number] {
  const channel = (offset: number) => Math.round(255 * Math.max(0, Math.min(1, 1.5 - Math.abs(4 * v - offset))));
  return [channel(3), channel(2), channel(1)];
}

/**
 * Blend a heat map slice (values in [0, 1], same grid and display flips as `renderSlice`)
 * over an image in the jet colour map; opacity grows with the value, and values under
 * `floor` leave the image as it is.
 */
export function overlayHeat(image: RgbImage, heat: Volume, z: number, floor = 0.05, maxAlpha = 0.6): RgbImage {
  const levels = renderSlice(heat, z, { center: 0.5, width: 1 });
  const out = { ...image, data: image.data.slice() };
  for (let p = 0; p < image.width * image.height; p++) {
    const v = levels.data[p * 3]! / 255;
    if (v < floor) continue;
    const alpha = maxAlpha * Math.min(1, v * 1.5);
    const color = jet(v);
    for (let c = 0; c < 3; c++) out.data[p * 3 + c] = Math.round((1 - alpha) * out.data[p * 3 + c]! + alpha * color[c]!);
  }
  return out;
}
