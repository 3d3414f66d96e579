import { blankImage, type RgbImage } from './RgbImage.js';

/** Tile images left to right, top to bottom, `columns` per row, with a gap; each cell takes the largest size. */
export function montage(images: readonly RgbImage[], columns: number, gap = 4, background = 24): RgbImage {
  const cellW = Math.max(...images.map((i) => i.width));
  const cellH = Math.max(...images.map((i) => i.height));
  const rows = Math.ceil(images.length / columns);
  const out = blankImage(columns * cellW + (columns + 1) * gap, rows * cellH + (rows + 1) * gap, background);
  images.forEach((image, n) => {
    const x0 = gap + (n % columns) * (cellW + gap);
    const y0 = gap + Math.floor(n / columns) * (cellH + gap);
    for (let row = 0; row < image.height; row++) {
      out.data.set(image.data.subarray(row * image.width * 3, (row + 1) * image.width * 3), ((y0 + row) * out.width + x0) * 3);
    }
  });
  return out;
}
