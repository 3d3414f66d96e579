import type { CaseMaskScore } from '@hemocam/io';
import { esc, M, PH, PW, svgFrame } from './svgFrame.js';

const fmt = (v: number) => String(Number(v.toPrecision(3)));

/** Predicted against reference bleed volume (mL) for every case, with the identity line. */
export function volumeScatterSvg(cases: readonly CaseMaskScore[]): string {
  const top = Math.max(1e-3, ...cases.flatMap((c) => [c.referenceMl, c.predictedMl]).filter(Number.isFinite)) * 1.05;
  const x = (v: number) => M.left + (v / top) * PW;
  const y = (v: number) => M.top + PH - (v / top) * PH;
  const identity = `<line id="identity" x1="${x(0)}" y1="${y(0)}" x2="${x(top)}" y2="${y(top)}" stroke="#999" stroke-dasharray="4 3"/>`;
  const points = cases
    .map(
      (c) =>
        `<a href="#case-${esc(c.id)}"><circle class="point" cx="${x(c.referenceMl).toFixed(1)}" cy="${y(c.predictedMl).toFixed(1)}" r="4" fill="${c.referenceVoxels > 0 ? '#d62828' : '#f4a261'}" fill-opacity="0.75"><title>${esc(c.id)}: reference ${fmt(c.referenceMl)} mL, predicted ${fmt(c.predictedMl)} mL</title></circle></a>`,
    )
    .join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top);
  return svgFrame(
    'volume-scatter',
    'Bleed volume: predicted against reference',
    'reference (mL)',
    'predicted (mL)',
    identity + points,
    ticks.map((v): [number, string] => [x(v), fmt(v)]),
    ticks.map((v): [number, string] => [y(v), fmt(v)]),
  );
}
