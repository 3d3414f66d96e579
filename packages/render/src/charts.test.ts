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
    const image = barChart(
      [
        { label: 'a', value: 1 },
        { label: 'b', value: 0.5 },
      ],
      'title',
      400,
    );
    const blue = (row: number) =>
      Array.from({ length: image.width }, (_, x) => image.data[(row * image.width + x) * 3 + 2] === 190 && image.data[(row * image.width + x) * 3] === 70).filter(Boolean).length;
    expect(blue(39) / blue(57)).toBeCloseTo(2, 1);
  });

  it('lineChart draws each series through its points, in its colour and on its own scale', () => {
    const [width, height] = [560, 300];
    const series = [
      { label: 'loss', values: [3, 2, 1], color: [200, 0, 0] as const, range: [0, 3] as [number, number] },
      { label: 'auc', values: [0.5, 0.75, 1], color: [0, 0, 200] as const, range: [0.5, 1] as [number, number] },
    ];
    const image = lineChart(
      series.map((s) => ({ ...s, color: [...s.color] as [number, number, number] })),
      'epoch',
      width,
      height,
    );
    const [left, right, top, bottom] = [40, 20, 20 + 12 * series.length, 30];
    series.forEach((s) => {
      const [lo, hi] = s.range;
      for (const x of [60, 150, 290, 400, 530]) {
        // The expected height of the polyline at this column, interpolated between its points.
        const t = ((x - left) / (width - left - right)) * (s.values.length - 1);
        const k = Math.min(Math.floor(t), s.values.length - 2);
        const v = s.values[k]! + (s.values[k + 1]! - s.values[k]!) * (t - k);
        const expected = height - bottom - ((v - lo) / (hi - lo)) * (height - top - bottom);
        const rows = Array.from({ length: height }, (_, y) => y).filter((y) => y > top - 2 && [0, 1, 2].every((c) => image.data[(y * width + x) * 3 + c] === s.color[c]));
        expect(rows.length, `${s.label} at x=${x}`).toBeGreaterThan(0);
        for (const y of rows) expect(Math.abs(y - expected), `${s.label} at x=${x}`).toBeLessThanOrEqual(2);
      }
    });
  });
});
