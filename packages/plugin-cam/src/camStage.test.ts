import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CaseStore, createStage, HemocamError } from '@hemocam/core';
import { selectBackend, tensorContainer } from '@hemocam/tensor';
import { synthCase } from '@hemocam/phantom';
import { ResNetLstmStage, resnetLstmConfigSchema } from '@hemocam/plugin-resnet-lstm';
import { beforeAll, describe, expect, it } from 'vitest';
import { CAM_METHODS } from './camMethods.js';
import { camStage } from './camStage.js';

// workers: 2 pins the trained model (two replicas average their gradients; one replica, the default with native kernels, takes other steps): the map checks below were tuned on it.
const CLASSIFIER = resnetLstmConfigSchema.parse({ depth: 10, width: 0.125, slices: 3, inputSize: 32, lstmUnits: 8, epochs: 1, batchSize: 4, stepsPerEpoch: 2, valFraction: 0.34, workers: 2 });
let services: ReturnType<typeof tensorContainer>;
let item: CaseStore;

beforeAll(async () => {
  await selectBackend('wasm');
  services = tensorContainer({ stateRoot: mkdtempSync(join(tmpdir(), 'hemocam-cam-')), backend: 'wasm' });
  const cases = Array.from({ length: 4 }, (_, i) => {
    const made = synthCase(300 + i, { size: 40, slices: 6, positive: i % 2 === 0 });
    return new CaseStore(`c${i}`, { volume: made.image }, { slices: made.sliceLabels });
  });
  const classifier = await createStage(ResNetLstmStage, CLASSIFIER, services, 'classify');
  await classifier.fit!(cases);
  item = cases[0]!;
  await classifier.run(item);
  await classifier.dispose(); // the handle it left must still open
}, 120_000);

describe.each(Object.keys(CAM_METHODS))('stage %s after resnet-lstm', (method) => {
  it('sets a cam heat map on the native grid, in [0, 1], and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    for (const normalize of ['per-slice', 'per-volume'] as const) {
      const stage = await createStage(camStage(CAM_METHODS[method]!), { normalize, smooth: normalize === 'per-volume' ? 2 : 0 }, services, 'cam');
      await stage.run(item);
      await stage.dispose();
      const cam = item.get('cam');
      const volume = item.get('volume');
      expect(cam.dims).toEqual(volume.dims);
      expect(cam.affine).toEqual(volume.affine);
      expect(cam.data).toBeInstanceOf(Float32Array);
      expect(cam.data.every((v) => v >= 0 && v <= 1)).toBe(true);
      const plane = volume.dims[0] * volume.dims[1];
      const peaks = Array.from({ length: volume.dims[2] }, (_, z) => Math.max(...cam.data.subarray(z * plane, (z + 1) * plane)));
      if (normalize === 'per-volume') expect(Math.max(...peaks)).toBeCloseTo(1, 5);
      else {
        // Each slice scaled to peak 1 on its own, or all zero where the method found nothing there; never all zero everywhere.
        expect(peaks.every((p) => p === 0 || Math.abs(p - 1) < 1e-5)).toBe(true);
        const lit = peaks.filter((p) => p > 0).length;
        // (A classifier trained for 2 steps is close to random: methods that clip negative gradients may leave most slices dark, so at least one.)
        expect(lit, `${method}: slices with a map`).toBeGreaterThan(0);
      }
      // A heat map, not a flat field: on a slice with a map, some voxels lie clearly below its peak.
      const z = peaks.findIndex((p) => p > 0);
      expect(z).toBeGreaterThanOrEqual(0);
      const slice = cam.data.subarray(z * plane, (z + 1) * plane);
      expect(Math.min(...slice), `${method}: slice ${z}`).toBeLessThan(0.9 * peaks[z]!);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('cam stage errors', () => {
  it('names the YAML path and the layers when the layer does not exist', async () => {
    const stage = await createStage(camStage(CAM_METHODS['grad-cam']!), { layer: 'conv9' }, services, 'cam');
    const error = await stage.run(item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HemocamError);
    expect((error as HemocamError).message).toMatch(/stages\.cam\.with\.layer: the classifier has no layer 'conv9'; layers with feature maps: features, stage3, stage2, stage1, stage4, s3b1_out/);
    await stage.dispose();
  });
});
