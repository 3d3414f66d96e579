import { blankImage, type RgbImage } from './RgbImage.js';
import { drawText } from './drawText.js';

type Color = readonly [number, number, number];

function line(image: RgbImage, x0: number, y0: number, x1: number, y1: number, color: Color): void {
  const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
  for (let s = 0; s <= steps; s++) {
    const x = Math.round(x0 + ((x1 - x0) * s) / steps),
      y = Math.round(y0 + ((y1 - y0) * s) / steps);
    for (const [dx, dy] of [
      [0, 0],
      [1, 0],
      [0, 1],
    ] as const)
      if (x + dx < image.width && y + dy < image.height) image.data.set(color, ((y + dy) * image.width + x + dx) * 3);
  }
}

export interface Series {
  label: string;
  values: (number | null)[];
  color: Color;
  /** Value range of this series' axis; default: 0 to its maximum. */
  range?: [number, number];
}

/** A line chart PNG-ready image: one series per line, each on its own range, x = 1..n, with a legend. */
export function lineChart(series: readonly Series[], xLabel: string, width = 560, height = 300): RgbImage {
  const image = blankImage(width, height, 255);
  const [left, right, top, bottom] = [40, 20, 20 + 12 * series.length, 30];
  const n = Math.max(...series.map((s) => s.values.length), 2);
  const grey: Color = [150, 150, 150];
  line(image, left, top, left, height - bottom, grey);
  line(image, left, height - bottom, width - right, height - bottom, grey);
  series.forEach((s, k) => {
    const finite = s.values.filter((v): v is number => v !== null && Number.isFinite(v));
    const [lo, hi] = s.range ?? [0, Math.max(...finite, 1e-9)];
    const xy = (i: number, v: number): [number, number] => [left + (i / (n - 1)) * (width - left - right), height - bottom - ((v - lo) / (hi - lo || 1)) * (height - top - bottom)];
    let last: [number, number] | undefined;
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return;
      const point = xy(i, Math.min(hi, Math.max(lo, v)));
      if (last) line(image, last[0], last[1], point[0], point[1], s.color);
      last = point;
    });
    drawText(image, `${s.label} (${lo.toPrecision(3)} to ${hi.toPrecision(3)})`, left, 6 + 12 * k, s.color);
  });
  drawText(image, `${xLabel} 1 to ${n}`, left, height - bottom + 10, [60, 60, 60]);
  return image;
}

/** A horizontal bar chart image: one labelled bar per item, value printed at its end, on [0, max]. */
export function barChart(items: readonly { label: string; value: number; error?: number }[], title: string, width = 640): RgbImage {
  const rowHeight = 18;
  const labelWidth = Math.min(300, 6 * Math.max(...items.map((i) => i.label.length), 4) + 10);
  const height = 30 + rowHeight * items.length + 10;
  const image = blankImage(width, height, 255);
  drawText(image, title, 8, 8, [30, 30, 30]);
  const max = Math.max(...items.map((i) => i.value + (i.error ?? 0)), 1e-9);
  const span = width - labelWidth - 60;
  items.forEach((item, k) => {
    const y = 30 + k * rowHeight;
    drawText(image, item.label, 8, y + 4, [30, 30, 30]);
    const length = Math.max(0, Math.round(((Number.isFinite(item.value) ? item.value : 0) / max) * span));
    for (let yy = y + 2; yy < y + rowHeight - 2; yy++) for (let x = labelWidth; x < labelWidth + length; x++) image.data.set([70, 120, 190], (yy * width + x) * 3);
    if (item.error) {
      const a = labelWidth + Math.round(((item.value - item.error) / max) * span),
        b = labelWidth + Math.round(((item.value + item.error) / max) * span);
      line(image, Math.max(labelWidth, a), y + rowHeight / 2, Math.min(width - 1, b), y + rowHeight / 2, [20, 20, 20]);
    }
    const end = labelWidth + Math.round((Math.max(0, (Number.isFinite(item.value) ? item.value : 0) + (item.error ?? 0)) / max) * span);
    drawText(image, Number.isFinite(item.value) ? item.value.toFixed(3) : 'n/a', Math.max(labelWidth + length, end) + 6, y + 4, [30, 30, 30]);
  });
  return image;
}
