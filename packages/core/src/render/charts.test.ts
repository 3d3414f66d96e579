import { describe, expect, it } from 'vitest';
import { blankImage } from './RgbImage.js';
import { barChart, lineChart } from './charts.js';
import { drawText } from './drawText.js';

const inked = (data: Uint8Array) => data.filter((v, i) => i % 3 === 0 && v !== 255).length;

describe('charts', () => {
  it('drawText draws known glyphs 6 px apart and skips unknown ones', () => {
    const image = blankImage(40, 10, 255);
    expect(drawText(image, 'a1', 0, 0, [0, 0, 0])).toBe(12);
    expect(inked(image.data)).toBeGreaterThan(10);
    expect(drawText(blankImage(10, 10), '€', 0, 0, [0, 0, 0])).toBe(0);
  });

  it('barChart draws bars proportional to the values', () => {
    const image = barChart([{ label: 'a', value: 1 }, { label: 'b', value: 0.5 }], 'title', 400);
    const blue = (row: number) => Array.from({ length: image.width }, (_, x) => image.data[(row * image.width + x) * 3 + 2] === 190 && image.data[(row * image.width + x) * 3] === 70).filter(Boolean).length;
    expect(blue(39) / blue(57)).toBeCloseTo(2, 1);
  });

  it('lineChart draws each series', () => {
    const image = lineChart([{ label: 'loss', values: [3, 2, 1], color: [200, 0, 0] }], 'epoch');
    expect(image.data.some((v, i) => i % 3 === 0 && v === 200)).toBe(true);
  });
});
