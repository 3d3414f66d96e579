import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CaseStore, createStage, validatePipelineText } from '@hemocam/core';
import plugin, { HuWindowOtsuStage } from '../index.js';

const here = join(import.meta.dirname, '..');

/** A 48×48×4 head: brain at 30–36 HU inside a mask, and a 70 HU bleed in slices 1–2. */
function head() {
  const [nx, ny, nz] = [48, 48, 4];
  const data = new Int16Array(nx * ny * nz);
  const brain = new Uint8Array(nx * ny * nz);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const i = x + nx * (y + ny * z);
        const r = Math.hypot(x - 23.5, y - 23.5);
        const bleed = z >= 1 && z <= 2 && Math.hypot(x - 28, y - 20) < 5;
        brain[i] = r <= 19 ? 1 : 0;
        data[i] = r > 22 ? -1000 : r > 19 ? 1200 : bleed ? 70 : 30 + ((x * 7 + y * 3 + z) % 7);
      }
  const grid = { dims: [nx, ny, nz], frames: 1, spacing: [1, 1, 5], affine: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 5, 0], [0, 0, 0, 1]], orientation: 'RAS' };
  return { volume: { ...grid, data }, brainMask: { ...grid, data: brain } };
}

test('hu-window-otsu finds the bleed inside the brain mask', async () => {
  const item = new CaseStore('case0', /** @type {any} */ (head()));
  const stage = await createStage(HuWindowOtsuStage, { low: 40 }); // options checked and defaulted as a pipeline's are
  await stage.run(item);
  const found = Array.from(/** @type {any} */ (item.get('pseudoMask')).data).filter(Boolean).length;
  assert.ok(found >= 100 && found <= 200, `expected the ~150-voxel bleed, found ${found} voxels`);
});

test('unknown options of hu-window-otsu are refused with their YAML path', async () => {
  const lines = (options) => ['apiVersion: hemocam/v1', `plugins: [${JSON.stringify(here)}]`, 'stages:', `  pseudo: { use: hu-window-otsu, with: ${options} }`].join('\n');
  assert.equal(plugin.stages['hu-window-otsu'], HuWindowOtsuStage);
  await assert.rejects(validatePipelineText(lines('{ lo: 40 }'), join(tmpdir(), 'p.yaml')), (error) => /stages\.pseudo\.with\.lo/.test(JSON.stringify(error.issues)));
});
