#!/usr/bin/env node
// CAM figure, pointing game and CAM-Dice. For every CAM method (at one layer, or at each of
// --layers and fused over them by cam-fusion's mean and uncertainty weighting): run the trained
// classifier + those stages over held-out phantom cases (the ordinary `hemocam run` machinery), then
// score the pointing game — is the map's peak inside the ground truth? — per positive slice and per
// positive volume, strictly and with the usual tolerance (Zhang et al., 2016: 15 px at 224 px,
// scaled to the slice width; the peak may lie that far from the nearest ground-truth voxel in-plane),
// and CAM-Dice (the best single threshold of the per-volume normalised map against the mask).
// Renders one positive case: CT with the ground-truth outline, and the maps of the first methods
// listed (at the first layer), slice by slice.
// Usage: node tools/cam-figure.mjs --run RUN --data TEST_DATASET [--out docs/cam.png]
//        [--methods cam,grad-cam,grad-cam-plus-plus,...] [--figure-methods cam,grad-cam,grad-cam-plus-plus]
//        [--layer NAME | --layers features,stage3,stage2] [--case ID]
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
    layers: { type: 'string' },
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
/** Per case, once: its slices with ground truth and its number of ground-truth voxels. */
const truthOf = new Map();
for (const c of dataset.cases) {
  const label = await readNifti(join(values.data, 'labels', `${c.id}.nii.gz`));
  labels.set(c.id, label);
  const [nx, ny, nz] = label.dims;
  const plane = nx * ny;
  const slices = Array.from({ length: nz }, (_, z) => z).filter((z) => label.data.subarray(z * plane, (z + 1) * plane).some((v) => v > 0));
  truthOf.set(c.id, { slices, voxels: label.data.reduce((n, v) => n + (v > 0 ? 1 : 0), 0) });
}
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
const layers = values.layers?.split(',') ?? [values.layer];
const fusions = layers.length > 1 ? ['mean', 'uncertainty'] : [];
/** CAM-Dice: Dice of (map ≥ t) against the mask, mean over positive cases, at the one threshold t of 0.05 … 0.95 that is best over them. */
const thresholds = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);
const camDice = (heats) => {
  const sums = thresholds.map(() => 0);
  let n = 0;
  for (const [id, heat] of heats) {
    const label = labels.get(id);
    const truth = truthOf.get(id).voxels;
    if (truth === 0) continue;
    n++;
    const overlap = thresholds.map(() => 0);
    const kept = thresholds.map(() => 0);
    for (let i = 0; i < heat.data.length; i++) {
      const h = heat.data[i];
      if (!(h >= thresholds[0])) continue;
      for (let k = 0; k < thresholds.length && h >= thresholds[k]; k++) {
        kept[k]++;
        if (label.data[i] > 0) overlap[k]++;
      }
    }
    thresholds.forEach((_, k) => (sums[k] += (2 * overlap[k]) / (kept[k] + truth)));
  }
  const best = sums.reduce((b, v, k) => (v > sums[b] ? k : b), 0);
  return [sums[best] / n, thresholds[best]];
};
console.log(`pointing game over ${dataset.cases.length} held-out cases: strict, and within ${tol} voxels (15 px at 224 px); CAM-Dice: best single threshold, mean over positive volumes`);
console.log('variant                                   slices strict  ±tol    volumes strict  ±tol    CAM-Dice (t)   time');
for (const method of values.methods.split(',')) {
  const doc = { ...document, plugins: [...new Set([...(document.plugins ?? []), '@hemocam/plugin-cam'])] };
  doc.stages = { [classifierKey]: { ...document.stages[classifierKey], trainOnly: false } };
  const variants = [];
  layers.forEach((layer, i) => {
    doc.stages[`cam${i + 1}`] = { use: method, with: { normalize: 'per-volume', ...(layer ? { layer } : {}) }, outputs: { cam: `cam${i + 1}` } };
    variants.push([`${method}${layer ? ` @ ${layer}` : ''}`, `cam${i + 1}`]);
  });
  for (const fusion of fusions) {
    const artifact = `fused${fusion[0].toUpperCase()}${fusion.slice(1)}`;
    doc.stages[artifact] = { use: 'cam-fusion', with: { maps: layers.length, method: fusion }, outputs: { cam: artifact } };
    variants.push([`${method} @ ${fusion} of ${layers.join('+')}`, artifact]);
  }
  const pipeline = await validatePipelineText(stringify(doc), join(resolve(values.run), 'pipeline.yaml'));
  const outDir = join(work, method);
  const started = Date.now();
  const report = await runInference({ pipeline, cases: dataset.cases, runDir: values.run, outDir, saveIntermediates: true, logger: { ...quiet, warn: () => {} }, progress });
  if (report.failed.length > 0) {
    console.log(`${method.padEnd(41)} n/a: ${report.failed[0].message}`);
    continue;
  }
  const seconds = (Date.now() - started) / 1000 / dataset.cases.length;
  for (const [name, artifact] of variants) {
    const hits = { slice: [0, 0], volume: [0, 0] };
    let slices = 0,
      positives = 0;
    const count = (kind, [strict, near]) => {
      hits[kind][0] += strict;
      hits[kind][1] += near;
    };
    const heats = new Map();
    for (const c of dataset.cases) {
      const heat = await readNifti(join(outDir, `${c.id}_${artifact}.nii.gz`));
      heats.set(c.id, heat);
      const label = labels.get(c.id);
      const plane = label.dims[0] * label.dims[1];
      const positive = truthOf.get(c.id).slices;
      for (const z of positive) count('slice', pointing(heat, label, z * plane, (z + 1) * plane, tol));
      slices += positive.length;
      if (positive.length > 0) {
        positives++;
        count('volume', pointing(heat, label, 0, heat.data.length, tol));
      }
    }
    if (artifact === 'cam1') maps[method] = heats;
    const rate = (h, n) => (h / n).toFixed(2).padEnd(8);
    const [cd, t] = camDice(heats);
    console.log(
      `${name.padEnd(41)} ${rate(hits.slice[0], slices)}       ${rate(hits.slice[1], slices)}${rate(hits.volume[0], positives)}        ${rate(hits.volume[1], positives)}${cd.toFixed(3)} (${t.toFixed(2)})   ${seconds.toFixed(2)} s/case   (${slices} positive slices, ${positives} positive volumes)`,
    );
  }
}

// Figure: the positive case with the most ground-truth voxels (or --case), its positive slices.
const caseId = values.case ?? [...truthOf.entries()].sort((a, b) => b[1].voxels - a[1].voxels)[0][0];
const volume = await readNifti(join(values.data, 'images', `${caseId}.nii.gz`));
const label = labels.get(caseId);
const [nx] = label.dims;
const zs = truthOf.get(caseId).slices;
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
