import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drawTrainingCurves } from './drawTrainingCurves.js';

describe('drawTrainingCurves', () => {
  it("draws history.png beside each stage's history.json, and nothing for stages without one", async () => {
    const run = mkdtempSync(join(tmpdir(), 'hemocam-curves-'));
    mkdirSync(join(run, 'stages', 'classify'), { recursive: true });
    mkdirSync(join(run, 'stages', 'brain'), { recursive: true });
    const history = [1, 2, 3].map((epoch) => ({ epoch, loss: 1 / epoch, valAuc: epoch === 1 ? null : 0.6 + 0.1 * epoch, learningRate: 1e-3, seconds: 2 }));
    writeFileSync(join(run, 'stages', 'classify', 'history.json'), JSON.stringify(history));
    expect(await drawTrainingCurves(run)).toEqual([join(run, 'stages', 'classify', 'history.png')]);
    const png = readFileSync(join(run, 'stages', 'classify', 'history.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([560, 300]);
  });
});
