import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseStore, createStage, type ServiceOptions, type Stage } from '@hemocam/core';
import { selectBackend, tensorContainer } from '@hemocam/tensor';
import { synthCase } from '@hemocam/phantom';
import { resnetLstmConfigSchema, type ResnetLstmConfig } from '../src/config.js';
import { ResNetLstmStage } from '../src/ResNetLstmStage.js';

/** A classifier small enough to train in seconds in a test. */
export const TINY = resnetLstmConfigSchema.parse({ depth: 10, width: 0.125, slices: 3, inputSize: 32, lstmUnits: 8, epochs: 2, batchSize: 4, stepsPerEpoch: 3, valFraction: 0.34 });

/** Phantom cases (32², 8 slices) with their slice labels, alternating positive and negative. */
export function tinyCases(n: number): CaseStore[] {
  return Array.from({ length: n }, (_, i) => {
    const made = synthCase(100 + i, { size: 32, slices: 8, positive: i % 2 === 0 });
    return new CaseStore(`c${i}`, { volume: made.image }, { slices: made.sliceLabels });
  });
}

/** Put TensorFlow.js on the wasm backend, as the tests' stages compute on it. */
export async function useWasm(): Promise<void> {
  await selectBackend('wasm');
}

/** A resnet-lstm stage built from a service container on wasm, with its state in a fresh folder (or `stateRoot`). */
export async function classifierStage(config: ResnetLstmConfig, options: ServiceOptions = {}): Promise<{ stage: Stage; stateDir: string }> {
  const stateRoot = options.stateRoot ?? mkdtempSync(join(tmpdir(), 'hemocam-rl-'));
  const stage = await createStage(ResNetLstmStage, config, tensorContainer({ ...options, stateRoot, backend: 'wasm' }), 'classify');
  return { stage, stateDir: join(stateRoot, 'stages', 'classify') };
}
