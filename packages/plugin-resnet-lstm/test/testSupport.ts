import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createRng, type Case, type StageContext } from '@hemocam/core';
import { selectBackend } from '@hemocam/tensor';
import { synthCase } from '@hemocam/phantom';
import { resnetLstmConfigSchema } from '../src/config.js';

/** A classifier small enough to train in seconds in a test. */
export const TINY = resnetLstmConfigSchema.parse({ depth: 10, width: 0.125, slices: 3, inputSize: 32, lstmUnits: 8, epochs: 2, batchSize: 4, stepsPerEpoch: 3, valFraction: 0.34 });

/** Phantom cases (32², 8 slices) with their slice labels, alternating positive and negative. */
export function tinyCases(n: number): Case[] {
  return Array.from({ length: n }, (_, i) => {
    const made = synthCase(100 + i, { size: 32, slices: 8, positive: i % 2 === 0 });
    return { id: `c${i}`, labels: { slices: made.sliceLabels }, artifacts: new Map<string, unknown>([['volume', made.image]]) };
  });
}

export async function testContext(overrides: Partial<StageContext> = {}): Promise<StageContext> {
  await selectBackend('wasm');
  const quiet = { info: () => undefined, warn: () => undefined, debug: () => undefined };
  return {
    tf,
    backend: 'wasm',
    logger: quiet,
    progress: { start: () => ({ tick: () => undefined, done: () => undefined }) },
    random: createRng(0),
    seed: 0,
    stateDir: mkdtempSync(join(tmpdir(), 'hemocam-rl-')),
    stageKey: 'classify',
    resume: false,
    signal: new AbortController().signal,
    ...overrides,
  };
}
