import type { CaseMaskScore } from '@hemocam/io';
import { M, PH, PW, svgFrame } from './svgFrame.js';

/** A histogram of Dice over the cases with bleed, in ten bins of 0.1 (1.0 falls in the last). */
export function diceHistogramSvg(cases: readonly CaseMaskScore[]): string {
  const dice = cases.filter((c) => c.referenceVoxels > 0).map((c) => c.dice);
  const bins = Array.from({ length: 10 }, () => 0);
  for (const d of dice) bins[Math.min(9, Math.floor(d * 10))]! += 1;
  const top = Math.max(1, ...bins);
  const bars = bins
    .map((n, i) => {
      const h = (n / top) * PH;
      return `<rect class="bin" data-count="${n}" x="${M.left + (i * PW) / 10 + 1}" y="${M.top + PH - h}" width="${PW / 10 - 2}" height="${h}" fill="#3a7bd5"><title>Dice ${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}: ${n} case(s)</title></rect>`;
    })
    .join('');
  const xTicks = [0, 0.2, 0.4, 0.6, 0.8, 1].map((v): [number, string] => [M.left + v * PW, v.toFixed(1)]);
  const step = Math.max(1, Math.ceil(top / 5));
  const yTicks = Array.from({ length: Math.floor(top / step) + 1 }, (_, k): [number, string] => [M.top + PH - ((k * step) / top) * PH, String(k * step)]);
  return svgFrame('dice-histogram', `Dice over ${dice.length} case(s) with bleed`, 'Dice', 'cases', bars, xTicks, yTicks);
}
