#!/usr/bin/env node
// CAM figure and pointing game. For every CAM method: run the trained classifier + that CAM
// stage over held-out phantom cases (the ordinary `hemocam run` machinery), then score the
// pointing game — is the map's peak inside the ground truth? — per positive slice and per
// positive volume, strictly and with the usual tolerance (Zhang et al., 2016: 15 px at 224 px,
// scaled to the slice width; the peak may lie that far from the nearest ground-truth voxel in-plane). Renders one positive case: CT with the ground-truth outline, and the maps of
// the first methods listed, slice by slice.
// Usage: node tools/cam-figure.mjs --run RUN --data TEST_DATASET [--out docs/cam.png]
//        [--methods cam,grad-cam,grad-cam-plus-plus,...] [--figure-methods cam,grad-cam,grad-cam-plus-plus]
//        [--layer NAME] [--case ID]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { validatePipelineText } from '@hemocam/core';
import { openDataset, readNifti } from '@hemocam/io';
import { drawOutline, enlarge, montage, overlayHeat, renderSlice, writePng } from '@hemocam/render';
import { runInference } from '@hemocam/runner';
import { CAM_METHODS } from '@hemocam/plugin-cam';

const { values } = parseArgs({
  options: {
    run: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string', default: 'docs/cam.png' },
    methods: { type: 'string', default: Object.keys(CAM_METHODS).join(',') },
    'figure-methods': { type: 'string', default: 'cam,grad-cam,grad-cam-plus-plus' },
    layer: { type: 'string' },
    case: { type: 'string' },
  },
});
if (!values.run || !values.data) throw new Error('usage: node tools/cam-figure.mjs --run RUN --data TEST_DATASET [--out PNG]');
const manifest = JSON.parse(readFileSync(join(values.run, 'manifest.json'), 'utf8'));
const document = parse(manifest.pipeline);
const classifierKey = Object.keys(document.stages).find((k) => document.stages[k].use === 'resnet-lstm');
const dataset = await openDataset(values.data);
const quiet = { info: () => {}, warn: (m) => console.warn(m), debug: () => {} };
const progress = { start: () => ({ tick: () => {}, done: () => {} }) };
const work = mkdtempSync(join(tmpdir(), 'hemocam-camfig-'));

const labels = new Map();
for (const c of dataset.cases) labels.set(c.id, await readNifti(join(values.data, 'labels', `${c.id}.nii.gz`)));
/** [strict hit, hit within `tol` voxels in-plane] for the peak of heat over voxels from..to. */
const pointing = (heat, label, from, to, tol) => {
  let best = -1;
  let at = -1;
  for (let i = from; i < to; i++) if (heat.data[i] > best) [best, at] = [heat.data[i], i];
  if (!(best > 0)) return [false, false];
  const [nx, ny] = label.dims;
  const plane = nx * ny;
  const z = Math.floor(at / plane),
    y = Math.floor((at % plane) / nx),
    x = at % nx;
  let near = false;
  for (let dy = -tol; dy <= tol && !near; dy++)
    for (let dx = -tol; dx <= tol && !near; dx++) {
      const [xx, yy] = [x + dx, y + dy];
      if (xx >= 0 && yy >= 0 && xx < nx && yy < ny && dx * dx + dy * dy <= tol * tol && label.data[z * plane + yy * nx + xx]) near = true;
    }
  return [label.data[at] > 0, near];
};

const maps = {};
const tol = Math.round((15 / 224) * labels.values().next().value.dims[0]);
console.log(`pointing game over ${dataset.cases.length} held-out cases: strict, and within ${tol} voxels (15 px at 224 px)`);
console.log('method               slices strict  ±tol    volumes strict  ±tol    time');
for (const method of values.methods.split(',')) {
  const doc = { ...document, plugins: [...new Set([...(document.plugins ?? []), '@hemocam/plugin-cam'])] };
  doc.stages = { [classifierKey]: document.stages[classifierKey], cam: { use: method, with: { normalize: 'per-volume', ...(values.layer ? { layer: values.layer } : {}) } } };
  const pipeline = await validatePipelineText(stringify(doc), join(resolve(values.run), 'pipeline.yaml'));
  const outDir = join(work, method);
  const started = Date.now();
  const report = await runInference({ pipeline, cases: dataset.cases, runDir: values.run, outDir, logger: { ...quiet, warn: () => {} }, progress });
  if (report.failed.length > 0) {
    console.log(`${method.padEnd(20)} n/a: ${report.failed[0].message}`);
    continue;
  }
  const seconds = (Date.now() - started) / 1000 / dataset.cases.length;
  const hits = { slice: [0, 0], volume: [0, 0] };
  let slices = 0,
    positives = 0;
  const count = (kind, [strict, near]) => {
    hits[kind][0] += strict;
    hits[kind][1] += near;
  };
  maps[method] = new Map();
  for (const c of dataset.cases) {
    const heat = await readNifti(join(outDir, `${c.id}_cam.nii.gz`));
    maps[method].set(c.id, heat);
    const label = labels.get(c.id);
    const [nx, ny, nz] = label.dims;
    const plane = nx * ny;
    let any = false;
    for (let z = 0; z < nz; z++) {
      let gt = 0;
      for (let i = z * plane; i < (z + 1) * plane; i++) gt += label.data[i];
      if (gt === 0) continue;
      any = true;
      slices++;
      count('slice', pointing(heat, label, z * plane, (z + 1) * plane, tol));
    }
    if (any) {
      positives++;
      count('volume', pointing(heat, label, 0, heat.data.length, tol));
    }
  }
  const rate = (h, n) => (h / n).toFixed(2).padEnd(8);
  console.log(
    `${method.padEnd(20)} ${rate(hits.slice[0], slices)}       ${rate(hits.slice[1], slices)}${rate(hits.volume[0], positives)}        ${rate(hits.volume[1], positives)}${seconds.toFixed(2)} s/case   (${slices} positive slices, ${positives} positive volumes)`,
  );
}

// Figure: the positive case with the most ground-truth voxels (or --case), its positive slices.
const caseId = values.case ?? [...labels.entries()].sort((a, b) => b[1].data.reduce((s, v) => s + v, 0) - a[1].data.reduce((s, v) => s + v, 0))[0][0];
const volume = await readNifti(join(values.data, 'images', `${caseId}.nii.gz`));
const label = labels.get(caseId);
const [nx, ny, nz] = label.dims;
const zs = Array.from({ length: nz }, (_, z) => z).filter((z) => label.data.subarray(z * nx * ny, (z + 1) * nx * ny).some(Boolean));
const k = Math.max(1, Math.round(160 / nx));
const tiles = [];
const figureMethods = values['figure-methods'].split(',').filter((m) => maps[m]);
for (const z of zs) {
  const ct = renderSlice(volume, z);
  tiles.push(enlarge(drawOutline(ct, label, z, [255, 40, 40]), k));
  for (const m of figureMethods) tiles.push(enlarge(drawOutline(overlayHeat(ct, maps[m].get(caseId), z), label, z, [255, 0, 255]), k));
}
await writePng(values.out, montage(tiles, 1 + figureMethods.length, 4));
console.log(`figure: case ${caseId}, slices ${zs.join(', ')}; columns: CT + ground truth, ${figureMethods.join(', ')}; wrote ${values.out}`);
rmSync(work, { recursive: true, force: true });
