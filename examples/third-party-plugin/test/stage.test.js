import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDataset, readNifti, runInference, validatePipelineText, writeNifti } from '@hemocam/core';

const here = join(import.meta.dirname, '..');
const quiet = { info() {}, warn() {}, debug() {} };
const progress = { start: () => ({ tick() {}, done() {} }) };

/** A 48×48×4 head: air, a 6 mm skull ring, brain at 30–36 HU, and a 70 HU bleed in slices 1–2. */
function head() {
  const [nx, ny, nz] = [48, 48, 4];
  const data = new Int16Array(nx * ny * nz);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const r = Math.hypot(x - 23.5, y - 23.5);
        const bleed = z >= 1 && z <= 2 && Math.hypot(x - 28, y - 20) < 5;
        data[x + nx * (y + ny * z)] = r > 22 ? -1000 : r > 19 ? 1200 : bleed ? 70 : 30 + ((x * 7 + y * 3 + z) % 7);
      }
  return { data, dims: [nx, ny, nz], frames: 1, spacing: [1, 1, 5], affine: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 5, 0], [0, 0, 0, 1]], orientation: 'RAS' };
}

test('hu-window-otsu runs through the real hemocam runner and finds the bleed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plugin-test-'));
  await writeNifti(join(dir, 'data', 'case0.nii.gz'), /** @type {any} */ (head()), 'image');
  const yaml = ['apiVersion: hemocam/v1', `plugins: [${JSON.stringify(here)}]`, 'backend: cpu', 'stages:', '  pseudo: { use: hu-window-otsu, with: { low: 40 } }'].join('\n');
  const pipeline = await validatePipelineText(yaml, join(dir, 'pipeline.yaml'));
  const { cases } = await openDataset(join(dir, 'data'));
  const report = await runInference({ pipeline, cases, runDir: join(dir, 'run'), outDir: join(dir, 'out'), logger: quiet, progress });
  assert.deepEqual(report.failed, []);
  assert.deepEqual(readdirSync(join(dir, 'out')), ['case0_pseudoMask.nii.gz']);
  const mask = await readNifti(join(dir, 'out', 'case0_pseudoMask.nii.gz'));
  const found = Array.from(mask.data).filter(Boolean).length;
  assert.ok(found >= 100 && found <= 200, `expected the ~150-voxel bleed, found ${found} voxels`);
});

test('hu-window-otsu rejects unknown options with their YAML path', async () => {
  const yaml = ['apiVersion: hemocam/v1', `plugins: [${JSON.stringify(here)}]`, 'stages:', '  pseudo: { use: hu-window-otsu, with: { lo: 40 } }'].join('\n');
  await assert.rejects(validatePipelineText(yaml, join(tmpdir(), 'p.yaml')), (error) => /stages\.pseudo\.with\.lo/.test(JSON.stringify(error.issues)));
});
