import type { RgbImage } from './RgbImage.js';

/** Nearest-neighbour enlargement by an integer factor, so small slices stay readable. */
export function enlarge(image: RgbImage, k: number): RgbImage {
  if (k <= 1) return image;
  const data = new Uint8Array(image.width * k * image.height * k * 3);
  for (let y = 0; y < image.height * k; y++)
    for (let x = 0; x < image.width * k; x++) {
      const from = (Math.floor(y / k) * image.width + Math.floor(x / k)) * 3;
      data.set(image.data.subarray(from, from + 3), (y * image.width * k + x) * 3);
    }
  return { width: image.width * k, height: image.height * k, data };
}
