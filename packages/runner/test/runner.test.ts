import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { openDataset, readNifti, writeNifti } from '@hemocam/io';
import { runInference, trainPipeline, type RunManifest } from '../src/index.js';
import { validatePipelineText, type ValidatedPipeline } from '@hemocam/core';
import { PLUGIN_FIXTURES } from '../../core/test/support/pluginFixtures.js';
import { silentLogger, silentProgress, tempDir, testVolume, writeTestDataset } from '../../io/test/support/testVolumes.js';

const pipelineFile = join(PLUGIN_FIXTURES, 'pipeline.yaml');

function pipeline(stages: string[], extra: string[] = []): Promise<ValidatedPipeline> {
  return validatePipelineText(['apiVersion: hemocam/v1', 'plugins: [./basic]', 'backend: cpu', ...extra, 'stages:', ...stages.map((s) => `  ${s}`)].join('\n'), pipelineFile);
}

const hooks = { logger: silentLogger, progress: silentProgress };
const casesIn = async (path: string) => (await openDataset(path)).cases;
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

describe('runner: train then run', () => {
  it('fits on weak labels, saves a manifest, and runs from the saved state in a new runner', async () => {
    const data = await writeTestDataset(4);
    const pipe = await pipeline(['mean: { use: mean-intensity }', 'threshold: { use: hu-threshold, with: { min: 60, max: 80 } }']);
    const runDir = join(tempDir(), 'run');
    const trained = await trainPipeline({ ...hooks, pipeline: pipe, cases: await casesIn(data), runDir });
    expect(trained.failed).toEqual([]);
    expect(trained.succeeded).toHaveLength(4);
    const manifest = readJson(join(runDir, 'manifest.json')) as RunManifest;
    expect(manifest.stages.map((s) => [s.key, s.fitted])).toEqual([
      ['mean', true],
      ['threshold', false],
    ]);
    expect(manifest.seed).toBe(0);
    expect(manifest.backend).toBe('none'); // neither stage asks for the tensor backend, so TensorFlow.js is never set up
    const state = readJson(join(runDir, 'stages', 'mean', 'state.json')) as { count: number; mean: number };
    // Cases 0 and 2 are positive on slices 1 and 2: the stage saw exactly those slices.
    const positive = testVolume([16, 16, 4], [1, 2]).data.slice(256, 768);
    expect(state.count).toBe(2 * 512);
    expect(state.mean).toBeCloseTo(Array.from(positive).reduce((a, b) => a + b, 0) / 512, 6);
    expect(readdirSync(dirname(runDir)).filter((f) => f.includes('.tmp'))).toEqual([]);

    const out = join(tempDir(), 'pred');
    const report = await runInference({ ...hooks, pipeline: pipe, cases: await casesIn(join(data, 'images')), runDir, outDir: out });
    expect(report.failed).toEqual([]);
    expect(readdirSync(out).sort()).toEqual(['case00', 'case01', 'case02', 'case03'].flatMap((id) => [`${id}_mask.nii.gz`, `${id}_meanHu.json`]));
    const mask = await readNifti(join(out, 'case00_mask.nii.gz'));
    const image = await readNifti(join(data, 'images', 'case00.nii.gz'));
    expect(mask.info.datatype).toBe('uint8');
    expect(mask.affine).toEqual(image.affine);
    expect(Array.from(mask.data).reduce((a, b) => a + b, 0)).toBe(2 * 9); // the 3×3 block of 70 HU on two slices
    expect((readJson(join(out, 'case00_meanHu.json')) as { learned: number }).learned).toBeCloseTo(state.mean, 6);

    // Run on the dataset root, whose cases carry slice labels: the test-time stages never see them.
    const labelledOut = join(tempDir(), 'pred');
    expect((await casesIn(data))[0]?.labels?.slices).toBeDefined();
    await runInference({ ...hooks, pipeline: pipe, cases: await casesIn(data), runDir, outDir: labelledOut });
    expect(readJson(join(labelledOut, 'case00_meanHu.json'))).toMatchObject({ sawLabels: false });
  });

  it('reports one failing case and goes on with the rest', async () => {
    const data = await writeTestDataset(3);
    writeFileSync(join(data, 'images', 'broken.nii.gz'), 'not a nifti');
    const pipe = await pipeline(['score: { use: tensor-score, with: { failOn: case01 } }']);
    const out = join(tempDir(), 'pred');
    const report = await runInference({ ...hooks, pipeline: pipe, cases: await casesIn(data), runDir: tempDir(), outDir: out });
    expect(report.succeeded).toEqual(['case00', 'case02']);
    expect(report.failed.map((f) => f.id).sort()).toEqual(['broken', 'case01']);
    expect(report.failed.find((f) => f.id === 'case01')?.message).toMatch(/refusing case case01 on purpose/);
    expect(report.failed.find((f) => f.id === 'broken')?.message).toMatch(/broken\.nii\.gz: not a NIfTI/);
    expect(readdirSync(out).sort()).toEqual(['case00_score.json', 'case02_score.json']);
  });

  it('runs one stage twice under renamed outputs beside a stage that reads both, and writes every map with --save-intermediates', async () => {
    const data = await writeTestDataset(2);
    const pipe = await pipeline([
      'high: { use: hu-threshold, with: { min: 60, max: 80 }, outputs: { mask: maskHigh } }',
      'soft: { use: hu-threshold, with: { min: 35, max: 45 }, outputs: { mask: maskSoft } }',
      'union: { use: mask-union, inputs: { first: maskHigh, second: maskSoft } }',
    ]);
    expect(pipe.stages.map((s) => [s.key, s.needs, s.provides])).toEqual([
      ['high', ['volume'], ['maskHigh']],
      ['soft', ['volume'], ['maskSoft']],
      ['union', ['maskHigh', 'maskSoft'], ['mask']],
    ]);
    const out = tempDir();
    const report = await runInference({ ...hooks, pipeline: pipe, cases: await casesIn(data), runDir: tempDir(), outDir: out, saveIntermediates: true });
    expect(report.failed).toEqual([]);
    expect(readdirSync(out).filter((f) => f.startsWith('case00'))).toEqual(['case00_mask.nii.gz', 'case00_maskHigh.nii.gz', 'case00_maskSoft.nii.gz']);
    const [high, soft, union] = await Promise.all(['maskHigh', 'maskSoft', 'mask'].map((a) => readNifti(join(out, `case00_${a}.nii.gz`))));
    const count = (v: { data: ArrayLike<number> }) => Array.from(v.data).filter(Boolean).length;
    expect(count(high!)).toBeGreaterThan(0);
    expect(count(soft!)).toBeGreaterThan(0);
    expect(count(union!)).toBe(count(high!) + count(soft!)); // the two windows do not overlap
    expect(union!.data).toBeInstanceOf(Uint8Array); // kind 'mask', declared by the plugin for 'mask'
  });

  it("builds stages with a plugin's own service, made once per run and shared by the stages that ask for it", async () => {
    const data = await writeTestDataset(1);
    const pipe = await pipeline(['a: { use: greet, outputs: { greeting: first } }', 'b: { use: greet, outputs: { greeting: second } }']);
    const out = tempDir();
    const report = await runInference({ ...hooks, pipeline: pipe, cases: await casesIn(data), runDir: tempDir(), outDir: out });
    expect(report.failed).toEqual([]);
    const [first, second] = ['first', 'second'].map((a) => readJson(join(out, `case00_${a}.json`)) as { text: string; made: number });
    expect(first!.text).toBe('hello (signal live)');
    expect(second!.made).toBe(first!.made); // one instance for both stages
  });

  it('sets up the tensor backend only when a stage asks for it', async () => {
    const data = await writeTestDataset(2);
    const report = await runInference({ ...hooks, pipeline: await pipeline(['score: { use: tensor-score }']), cases: await casesIn(data), runDir: tempDir(), outDir: tempDir() });
    expect(report.backend).toBe('cpu');
  });

  it('leaks no tensors over a batch', async () => {
    const data = await writeTestDataset(3);
    const pipe = await pipeline(['score: { use: tensor-score }']);
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    await runInference({ ...hooks, pipeline: pipe, cases: await casesIn(data), runDir: tempDir(), outDir: join(tempDir(), 'p') });
    await trainPipeline({ ...hooks, pipeline: pipe, cases: await casesIn(data), runDir: join(tempDir(), 'run') });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('overwrites nothing without force', async () => {
    const data = await writeTestDataset(2);
    const pipe = await pipeline(['threshold: { use: hu-threshold }']);
    const out = tempDir();
    writeFileSync(join(out, 'case00_mask.nii.gz'), 'precious');
    const options = { ...hooks, pipeline: pipe, cases: await casesIn(data), runDir: tempDir(), outDir: out };
    await expect(runInference(options)).rejects.toMatchObject({ code: 'EXISTS', message: expect.stringMatching(/--force/) });
    expect(readFileSync(join(out, 'case00_mask.nii.gz'), 'utf8')).toBe('precious');
    await runInference({ ...options, force: true });
    expect((await readNifti(join(out, 'case00_mask.nii.gz'))).dims).toEqual([16, 16, 4]);

    const scorer = await pipeline(['score: { use: tensor-score }']);
    writeFileSync(join(out, 'case01_score.json'), 'precious too');
    await expect(runInference({ ...options, pipeline: scorer })).rejects.toMatchObject({ code: 'EXISTS', message: expect.stringMatching(/case01_score\.json/) });

    const runDir = tempDir();
    await expect(trainPipeline({ ...hooks, pipeline: pipe, cases: await casesIn(data), runDir })).rejects.toMatchObject({ code: 'EXISTS' });
  });

  it('refuses a run directory trained with another pipeline, and inference without training', async () => {
    const data = await writeTestDataset(2);
    const learn = await pipeline(['mean: { use: mean-intensity }']);
    const cases = await casesIn(data);
    await expect(runInference({ ...hooks, pipeline: learn, cases, runDir: tempDir(), outDir: tempDir() })).rejects.toMatchObject({
      code: 'INPUT',
      message: expect.stringMatching(/not a trained run/),
    });
    const runDir = join(tempDir(), 'run');
    await trainPipeline({ ...hooks, pipeline: learn, cases, runDir });
    const other = await pipeline(['stats: { use: mean-intensity }']);
    await expect(runInference({ ...hooks, pipeline: other, cases, runDir, outDir: tempDir() })).rejects.toMatchObject({ code: 'CONFIG', message: expect.stringMatching(/stages\.stats/) });
    // A run trained by a hemocam version whose stage had an option this one lacks: say so, not "trained with undefined".
    const manifestPath = join(runDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { stages: { config: Record<string, unknown> }[] };
    manifest.stages[0]!.config.retired = 3;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    await expect(runInference({ ...hooks, pipeline: learn, cases, runDir, outDir: tempDir() })).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringMatching(/^stages\.mean\.with\.retired: .*run was trained by a hemocam version with this option \(mean-intensity has changed since\); retrain with `hemocam train`$/),
    });
  });

  it('leaves no run directory when training fails', async () => {
    const data = await writeTestDataset(2);
    for (const f of readdirSync(join(data, 'images'))) writeFileSync(join(data, 'images', f), 'garbage');
    const pipe = await pipeline(['mean: { use: mean-intensity }']);
    const parent = tempDir();
    await expect(trainPipeline({ ...hooks, pipeline: pipe, cases: await casesIn(data), runDir: join(parent, 'run') })).rejects.toMatchObject({ code: 'RUNTIME' });
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses NaN voxels and empty images per case', async () => {
    const dir = tempDir();
    const nan = testVolume();
    await writeNifti(join(dir, 'nan.nii.gz'), { ...nan, data: Float32Array.from(nan.data, (v, i) => (i === 5 ? NaN : v)) }, 'heatmap');
    await writeNifti(join(dir, 'flat.nii.gz'), { ...nan, data: new Int16Array(nan.data.length) }, 'image');
    const pipe = await pipeline(['threshold: { use: hu-threshold }']);
    const report = await runInference({ ...hooks, pipeline: pipe, cases: await casesIn(dir), runDir: tempDir(), outDir: join(tempDir(), 'o') });
    expect(report.failed).toEqual([
      { id: 'flat', code: 'INPUT', message: expect.stringMatching(/flat\.nii\.gz: every voxel is 0; the image is empty/) },
      { id: 'nan', code: 'INPUT', message: expect.stringMatching(/nan\.nii\.gz: 1 voxels are NaN/) },
    ]);
    expect(existsSync(join(dir, 'o'))).toBe(false);
  });
});
