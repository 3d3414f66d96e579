import { HemocamError, type Volume } from '@hemocam/core';
import type { RgbImage } from './RgbImage.js';

export interface CtWindow {
  /** Window level (centre), HU. */
  center: number;
  /** Window width, HU. */
  width: number;
}

export const BRAIN_WINDOW: CtWindow = { center: 40, width: 80 };

/**
 * One axial slice in a CT window, in radiological display: anterior at the top and the
 * patient's right on the image's left (voxel axes flipped as the orientation requires).
 */
export function renderSlice(volume: Volume, z: number, window: CtWindow = BRAIN_WINDOW): RgbImage {
  const [nx, ny, nz] = volume.dims;
  if (!(z >= 0 && z < nz)) throw new HemocamError('USAGE', `slice ${z} is outside 0..${nz - 1}`);
  const flipX = volume.orientation[0] === 'R';
  const flipY = volume.orientation[1] !== 'P';
  const data = new Uint8Array(nx * ny * 3);
  const low = window.center - window.width / 2;
  for (let row = 0; row < ny; row++) {
    const j = flipY ? ny - 1 - row : row;
    for (let col = 0; col < nx; col++) {
      const i = flipX ? nx - 1 - col : col;
      const v = volume.data[i + nx * (j + ny * z)]!;
      const g = Math.max(0, Math.min(255, Math.round(((v - low) / window.width) * 255)));
      data.fill(g, (row * nx + col) * 3, (row * nx + col) * 3 + 3);
    }
  }
  return { width: nx, height: ny, data };
}

/** Draw the outline of a mask slice (same grid and display flips as `renderSlice`) in a colour. */
export function drawOutline(image: RgbImage, mask: Volume, z: number, color: [number, number, number]): RgbImage {
  const [nx, ny] = mask.dims;
  const rendered = renderSlice(mask, z, { center: 0.5, width: 1 });
  const on = (col: number, row: number) => col >= 0 && row >= 0 && col < nx && row < ny && rendered.data[(row * nx + col) * 3]! > 127;
  const out = { ...image, data: image.data.slice() };
  for (let row = 0; row < ny; row++)
    for (let col = 0; col < nx; col++) {
      if (on(col, row) && !(on(col - 1, row) && on(col + 1, row) && on(col, row - 1) && on(col, row + 1))) out.data.set(color, (row * nx + col) * 3);
    }
  return out;
}
