import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineChart, writePng, type Series } from '@hemocam/render';

const NOT_CURVES = new Set(['epoch', 'learningRate', 'seconds']);
const COLORS = [
  [192, 57, 43],
  [36, 113, 163],
  [39, 174, 96],
] as const;

/**
 * Draw `history.png` beside every stage's `history.json` in a trained run (what the shared
 * trainer writes: one record per epoch): the loss and each validation metric as a line, a
 * metric within [0, 1] on a [0, 1] axis. Returns the charts written.
 */
export async function drawTrainingCurves(runDir: string): Promise<string[]> {
  const stages = join(runDir, 'stages');
  if (!existsSync(stages)) return [];
  const written: string[] = [];
  for (const key of readdirSync(stages)) {
    const file = join(stages, key, 'history.json');
    if (!existsSync(file)) continue;
    const history = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number | null>[];
    const keys = [...new Set(history.flatMap((h) => Object.keys(h)))].filter((k) => !NOT_CURVES.has(k));
    const series: Series[] = keys.map((name, i) => {
      const values = history.map((h) => h[name] ?? null);
      const unit = values.every((v) => v === null || (v >= 0 && v <= 1));
      return { label: name === 'loss' ? 'training loss' : name, values, color: COLORS[i % COLORS.length]!, ...(unit && name !== 'loss' ? { range: [0, 1] as [number, number] } : {}) };
    });
    const png = join(stages, key, 'history.png');
    await writePng(png, lineChart(series, 'epoch'));
    written.push(png);
  }
  return written;
}
