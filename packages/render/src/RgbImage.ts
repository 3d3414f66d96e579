import { encode } from 'fast-png';
import { writeFileAtomic } from '@hemocam/core';

/** An 8-bit RGB picture, row-major, top row first. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export function blankImage(width: number, height: number, grey = 0): RgbImage {
  return { width, height, data: new Uint8Array(width * height * 3).fill(grey) };
}

/** Encode as PNG (fast-png) and write atomically. */
export async function writePng(path: string, image: RgbImage): Promise<void> {
  await writeFileAtomic(path, encode({ width: image.width, height: image.height, data: image.data, channels: 3, depth: 8 }));
}
