#!/usr/bin/env node
// How good are a teacher's pseudo labels? On the training cases with bleed, Dice, precision and
// recall of each teacher variant's pseudo labels against the true masks (which training never
// sees; a benchmark helper only): region-grow → cam-guided (the CAM veto, with a trained run's
// classifier and Grad-CAM++; and with minSupport 0, the slice labels alone) and → mimic-filter at several thresholds, each alone and followed
// by random-walk. Usage: node tools/teacher-dice.mjs --data TRAIN_DATASET [--run RUN] [--thresholds 0.4,0.5]
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CaseStore, createStage } from '@hemocam/core';
import { dice } from '@hemocam/imaging';
import { loadCaseVolume, openDataset, readNifti } from '@hemocam/io';
import { tensorContainer } from '@hemocam/tensor';
import { BrainMaskStage, ResNetLstmStage } from '@hemocam/plugin-resnet-lstm';
import camPlugin from '@hemocam/plugin-cam';
import pseudoPlugin from '@hemocam/plugin-pseudomask';
import { CamGuidedStage, MimicFilterStage, RandomWalkStage } from '@hemocam/plugin-refine';

const { values } = parseArgs({ options: { data: { type: 'string' }, run: { type: 'string' }, thresholds: { type: 'string', default: '0.4,0.5' } } });
if (!values.data) {
  console.error('usage: node tools/teacher-dice.mjs --data TRAIN_DATASET [--run RUN] [--thresholds 0.4,0.5]');
  process.exit(2);
}
const quiet = { info: () => {}, warn: console.warn, debug: () => {} };
const scratch = tensorContainer({ logger: quiet, stateRoot: mkdtempSync(join(tmpdir(), 'hemocam-teacher-')) }); // what mimic-filter learns: never into the run
const services = values.run ? tensorContainer({ logger: quiet, stateRoot: values.run }) : scratch;
const stage = (Class, config, key, from = services) => createStage(Class, config, from, key);
const brain = await stage(BrainMaskStage, {}, 'brain');
const regionGrow = await stage(pseudoPlugin.stages['region-grow'], {}, 'pseudomask');
let classifier, cam;
if (values.run) {
  const classify = JSON.parse(readFileSync(join(values.run, 'manifest.json'), 'utf8')).stages.find((s) => s.use === 'resnet-lstm');
  classifier = await stage(ResNetLstmStage, classify.config, classify.key);
  cam = await stage(camPlugin.stages['grad-cam-plus-plus'], {}, 'cam');
}
const walk = await stage(RandomWalkStage, { output: 'pseudoLabel', slices: 'labels' }, 'affinity');

const dataset = await openDataset(values.data);
const items = [];
const truths = [];
for (const source of dataset.cases) {
  const item = new CaseStore(source.id, { volume: await loadCaseVolume(source, quiet) }, source.labels);
  await brain.run(item);
  await regionGrow.run(item);
  if (classifier) {
    await classifier.run(item);
    await cam.run(item);
  }
  const mask = dataset.masks.get(source.id);
  if (!mask) throw new Error(`${source.id}: no reference mask in ${values.data}`);
  items.push(item);
  truths.push(Uint8Array.from((await readNifti(mask.path)).data, (v) => (v > 0 ? 1 : 0)));
}

/** Score `artifact` on the cases with bleed after `make` ran on each: mean Dice, precision, recall. */
async function score(name, make, artifact) {
  const rows = [];
  for (const [k, item] of items.entries()) {
    const truth = truths[k];
    if (!truth.some(Boolean)) continue;
    await make(item);
    const p = item.get(artifact).data;
    let [tp, predicted, actual] = [0, 0, 0];
    for (let i = 0; i < p.length; i++) [tp, predicted, actual] = [tp + (p[i] === 1 && truth[i] ? 1 : 0), predicted + (p[i] === 1 ? 1 : 0), actual + truth[i]];
    rows.push([
      dice(
        Uint8Array.from(p, (v) => (v === 1 ? 1 : 0)),
        truth,
      ),
      predicted ? tp / predicted : 1,
      tp / actual,
    ]);
  }
  const mean = (j) => (rows.reduce((s, r) => s + r[j], 0) / rows.length).toFixed(3);
  console.log(`| ${name} | ${mean(0)} | ${mean(1)} | ${mean(2)} | ${rows.length} |`);
}

console.log('| teacher | Dice | precision | recall | training cases with bleed |\n| --- | --- | --- | --- | --- |');
const seeds = (teacher) => async (item) => {
  await teacher.run(item);
  await walk.run(item);
};
if (classifier) {
  const veto = await stage(CamGuidedStage, { output: 'seeds', sliceSource: 'labels' }, 'teacher');
  await score('region-grow → cam-guided', (item) => veto.run(item), 'seeds');
  await score('region-grow → cam-guided → random-walk', seeds(veto), 'pseudoLabel');
  const labelsOnly = await stage(CamGuidedStage, { output: 'seeds', sliceSource: 'labels', minSupport: 0 }, 'labels-only');
  await score('region-grow on the slices labelled positive (cam-guided minSupport 0: no CAM veto)', (item) => labelsOnly.run(item), 'seeds');
}
for (const threshold of values.thresholds.split(',').map(Number)) {
  const filter = await stage(MimicFilterStage, { threshold, output: 'seeds' }, `mimic-${threshold}`, scratch);
  await filter.fit(items);
  await score(`region-grow → mimic-filter (threshold ${threshold})`, (item) => filter.run(item), 'seeds');
  await score(`region-grow → mimic-filter (threshold ${threshold}) → random-walk`, seeds(filter), 'pseudoLabel');
}
