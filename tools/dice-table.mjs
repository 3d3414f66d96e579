#!/usr/bin/env node
// The Dice table of the README: weakly supervised pipelines vs the fully supervised reference,
// on held-out phantom cases. Uses a trained run's classifier (hemocam train), runs brain mask,
// classifier and CAM over the training and test cases once, then every pseudo-mask ×
// refinement variant, trains the light U-Net on cam-guided pseudo labels (weak) and the same
// U-Net on the ground-truth masks of the same training cases (the supervised reference S, a
// benchmark helper only), and prints Dice per hemorrhage type, mean and median.
// Without --run (no trained classifier): the training-free HU baselines alone and S, per type — how much of
// a phantom HU thresholds solve without anything learned.
// Usage: node tools/dice-table.mjs [--run RUN] --train TRAIN_DATASET --test TEST_DATASET
//        [--cam grad-cam-plus-plus] [--layer NAME] [--teacher region-grow] [--unet-cases N] [--unet-size 64] [--epochs N] [--json out.json] [--skip-supervised]
//        [--unet '{"patience":10}'] (more light-unet options, JSON)
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CaseStore, createStage, writeFileAtomic } from '@hemocam/core';
import { dice } from '@hemocam/imaging';
import { loadCaseVolume, openDataset, readNifti, summarise } from '@hemocam/io';
import { TENSOR, tensorContainer } from '@hemocam/tensor';
import { BrainMaskStage, ResNetLstmStage } from '@hemocam/plugin-resnet-lstm';
import camPlugin from '@hemocam/plugin-cam';
import pseudoPlugin from '@hemocam/plugin-pseudomask';
import { CamGuidedStage, CamThresholdStage, LightUnetStage } from '@hemocam/plugin-refine';

const { values } = parseArgs({
  options: {
    run: { type: 'string' },
    train: { type: 'string' },
    test: { type: 'string' },
    cam: { type: 'string', default: 'grad-cam-plus-plus' },
    layer: { type: 'string' },
    'unet-cases': { type: 'string', default: '400' },
    epochs: { type: 'string', default: '20' },
    'unet-size': { type: 'string', default: '64' },
    json: { type: 'string' },
    'skip-supervised': { type: 'boolean', default: false },
    teacher: { type: 'string', default: 'region-grow' },
    unet: { type: 'string', default: '{}' },
  },
});
if (!values.train || !values.test) throw new Error('usage: node tools/dice-table.mjs [--run RUN] --train TRAIN --test TEST');
const weak = values.run !== undefined;
const quiet = { info: (m) => console.error(m), warn: (m) => console.error(m), debug: () => {} };
/** Stages built from one container whose state root is the trained run (the classifier reads its model there). */
const services = tensorContainer({ logger: quiet, stateRoot: values.run ?? mkdtempSync(join(tmpdir(), 'hemocam-baselines-')) });
const build = (Stage, config, key = 'x', container = services) => createStage(Stage, config, container, key);

const classify = weak ? JSON.parse(readFileSync(join(values.run, 'manifest.json'), 'utf8')).stages.find((s) => s.use === 'resnet-lstm') : undefined;
const classifier = weak ? await build(ResNetLstmStage, classify.config, classify.key) : undefined;
const brain = await build(BrainMaskStage, {}, 'brain');
const cam = weak ? await build(camPlugin.stages[values.cam], values.layer ? { layer: values.layer } : {}, 'cam') : undefined;

async function prepare(root, limit) {
  const dataset = await openDataset(root);
  const types = new Map(
    readFileSync(join(root, 'case_labels.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .map(([id, , t]) => [id, t ?? '']),
  );
  const cases = [];
  const started = Date.now();
  for (const source of dataset.cases.slice(0, limit)) {
    const item = new CaseStore(source.id, { volume: await loadCaseVolume(source, quiet) }, source.labels);
    await brain.run(item);
    await classifier?.run(item);
    await cam?.run(item);
    item.truth = (await readNifti(dataset.masks.get(source.id).path)).data;
    item.type = types.get(source.id) ?? '';
    cases.push(item);
  }
  return { cases, secondsPerCase: (Date.now() - started) / 1000 / cases.length };
}

const test = await prepare(values.test, Infinity);
const train = await prepare(values.train, Number(values['unet-cases']));
const prepared = weak ? `brain + classifier + ${values.cam}` : 'brain mask';
console.error(`prepared ${train.cases.length} training and ${test.cases.length} test cases (${prepared}: ${test.secondsPerCase.toFixed(2)} s/case)`);

const rows = [];
const score = (name, key = 'mask', seconds) => {
  const positives = test.cases.filter((c) => c.truth.some((v) => v > 0));
  const d = positives.map((c) => dice(c.get(key).data, c.truth));
  const types = [...new Set(positives.flatMap((c) => c.type.split(';')).filter(Boolean))].sort();
  const byType = Object.fromEntries(types.map((t) => [t, summarise(positives.filter((c) => c.type.split(';').includes(t)).map((c) => dice(c.get(key).data, c.truth))).mean]));
  const negatives = test.cases.filter((c) => !c.truth.some((v) => v > 0));
  const emptyNeg = negatives.filter((c) => !c.get(key).data.some((v) => v > 0)).length;
  rows.push({ name, ...summarise(d), byType, emptyNegatives: `${emptyNeg}/${negatives.length}`, secondsPerCase: seconds });
};
const runAll = async (stage, cases) => {
  const started = Date.now();
  for (const c of cases) await (await stage).run(c);
  return (Date.now() - started) / 1000 / cases.length;
};

// CAM-only baseline.
if (weak) {
  await runAll(build(CamThresholdStage, {}), test.cases);
  score(`cam-threshold (${values.cam}, no pseudo mask)`);
}
for (const pseudo of ['hyperdense-threshold', 'hyperdense-gmm', 'region-grow']) {
  await runAll(build(pseudoPlugin.stages[pseudo], {}), test.cases);
  score(`${pseudo} alone`, 'pseudoMask');
  if (!weak) continue;
  await runAll(build(CamGuidedStage, {}), test.cases);
  score(`${pseudo} → cam-guided`);
}

// Light U-Net: weak (cam-guided pseudo labels from the --teacher pseudo-mask method) and supervised (ground truth).
const epochs = Number(values.epochs);
for (const [name, labels] of [...(weak ? [['weak', 'pseudoLabel']] : []), ...(values['skip-supervised'] ? [] : [['supervised reference S', 'truthLabel']])]) {
  for (const c of train.cases) {
    if (labels === 'pseudoLabel') {
      await (await build(pseudoPlugin.stages[values.teacher], {})).run(c);
      await (await build(CamGuidedStage, { output: 'pseudoLabel' })).run(c);
    } else c.set('truthLabel', { ...c.get('volume'), data: Uint8Array.from(c.truth, (v) => (v > 0 ? 1 : 0)) });
  }
  const unetServices = tensorContainer({ logger: quiet, stateRoot: mkdtempSync(join(tmpdir(), 'hemocam-unet-')) });
  const unet = await build(LightUnetStage, { labels, epochs, inputSize: Number(values['unet-size']), ...JSON.parse(values.unet) }, 'segment', unetServices);
  const started = Date.now();
  await unet.fit(train.cases);
  console.error(`light-unet (${name}) trained in ${((Date.now() - started) / 60000).toFixed(1)} min`);
  const seconds = await (async () => {
    const t0 = Date.now();
    for (const c of test.cases) await unet.run(c);
    return (Date.now() - t0) / 1000 / test.cases.length;
  })();
  await unet.dispose();
  score(`light-unet (${name === 'weak' ? `weak: ${values.teacher} → cam-guided pseudo labels` : 'supervised reference S: ground-truth masks'})`, 'mask', seconds);
}

const types = [...new Set(rows.flatMap((r) => Object.keys(r.byType)))].sort();
const f = (v) => (Number.isFinite(v) ? v.toFixed(2) : ' – ');
console.log(`| method | Dice mean | median | ${types.join(' | ')} | negatives predicted empty |`);
console.log(`| --- | --- | --- | ${types.map(() => '---').join(' | ')} | --- |`);
for (const r of rows) console.log(`| ${r.name} | ${f(r.mean)} | ${f(r.median)} | ${types.map((t) => f(r.byType[t])).join(' | ')} | ${r.emptyNegatives} |`);
const unetRow = rows.find((r) => r.secondsPerCase !== undefined);
console.log(
  `\n${test.cases.length} held-out cases (${rows[0].n} with bleed); ${prepared}: ${test.secondsPerCase.toFixed(2)} s/case${unetRow ? `; light-unet: ${unetRow.secondsPerCase.toFixed(2)} s/case` : ''} (backend ${(await services.getAsync(TENSOR)).backend})`,
);
if (values.json) await writeFileAtomic(values.json, JSON.stringify(rows, null, 2) + '\n');
