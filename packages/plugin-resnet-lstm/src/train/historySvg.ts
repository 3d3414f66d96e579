import type { TrainerState } from './classifierStore.js';

/** An SVG chart of training loss (left axis) and validation slice AUC (right axis, 0.5–1) per epoch. */
export function historySvg(history: TrainerState['history']): string {
  const [w, h, pad] = [560, 300, 48];
  const epochs = history.map((e) => e.epoch);
  const maxLoss = Math.max(...history.map((e) => e.loss), 1e-6);
  const x = (epoch: number) => pad + ((epoch - 1) / Math.max(1, Math.max(...epochs) - 1)) * (w - 2 * pad);
  const yLoss = (loss: number) => h - pad - (loss / maxLoss) * (h - 2 * pad);
  const yAuc = (auc: number) => h - pad - ((auc - 0.5) / 0.5) * (h - 2 * pad);
  const line = (points: [number, number][], color: string) => `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>`;
  const aucPoints = history.filter((e) => e.valAuc !== null).map((e) => [x(e.epoch), yAuc(Math.max(0.5, e.valAuc!))] as [number, number]);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="12">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    `<rect x="${pad}" y="${pad}" width="${w - 2 * pad}" height="${h - 2 * pad}" fill="none" stroke="#999"/>`,
    line(history.map((e) => [x(e.epoch), yLoss(e.loss)]), '#c0392b'),
    aucPoints.length ? line(aucPoints, '#2471a3') : '',
    `<text x="${pad}" y="${pad - 8}" fill="#c0392b">training loss (0–${maxLoss.toFixed(3)})</text>`,
    `<text x="${w - pad}" y="${pad - 8}" fill="#2471a3" text-anchor="end">validation slice AUC (0.5–1)</text>`,
    `<text x="${w / 2}" y="${h - 12}" text-anchor="middle">epoch 1–${Math.max(...epochs)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
