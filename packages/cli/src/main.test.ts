import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { saveLayersModel } from '@hemocam/tensor';
import { writeNifti } from '@hemocam/io';
import type { Volume } from '@hemocam/core';
import { hemocam } from '../test/hemocam.js';
import type { InfoJson } from '../test/InfoJson.js';
import { workdir } from '../test/workdir.js';

function volume(bleed: boolean): Volume {
  const dims: [number, number, number] = [12, 12, 3];
  const data = new Int16Array(12 * 12 * 3).map((_, i) => (bleed && i % 144 === 66 ? 70 : i % 12 < 2 ? -1000 : i % 12 === 11 ? 1200 : 30 + (i % 7)));
  return {
    data,
    dims,
    frames: 1,
    spacing: [0.5, 0.5, 5],
    affine: [
      [-0.5, 0, 0, 3],
      [0, 0.5, 0, -3],
      [0, 0, 5, 10],
      [0, 0, 0, 1],
    ],
    orientation: 'LAS',
  };
}

async function dataset(dir: string, n: number): Promise<string> {
  const data = join(dir, 'data');
  for (let i = 0; i < n; i++) await writeNifti(join(data, 'images', `c${i}.nii.gz`), volume(i % 2 === 0), 'image');
  writeFileSync(join(data, 'slice_labels.csv'), ['case_id,slice,label', ...Array.from({ length: n }, (_, i) => [0, 1, 2].map((z) => `c${i},${z},${i % 2 === 0 ? 1 : 0}`)).flat()].join('\n'));
  return data;
}

describe('hemocam CLI', () => {
  it('--help lists the commands and exit codes; --version prints the version', () => {
    const help = hemocam(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['info', 'validate', 'schema', 'plugins', 'train', 'run']) expect(help.stdout).toContain(`hemocam ${command}`);
    expect(help.stdout).toContain('Exit codes');
    expect(hemocam(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('a bad command or missing option is a usage error (exit 2)', () => {
    expect(hemocam(['frobnicate']).code).toBe(2);
    const missing = hemocam(['train', 'p.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Missing required arguments?: data, out/);
  });

  it('info reports what was written; --json too', async () => {
    const dir = workdir();
    const file = join(dir, 'scan.nii.gz');
    await writeNifti(file, volume(true), 'image');
    const text = hemocam(['info', file]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/dims\s+12 × 12 × 3/);
    expect(text.stdout).toMatch(/spacing mm\s+0\.5 × 0\.5 × 5/);
    const json = JSON.parse(hemocam(['info', file, '--json']).stdout) as InfoJson;
    expect(json).toMatchObject({ dims: [12, 12, 3], spacing: [0.5, 0.5, 5], datatype: 'int16', min: -1000, max: 1200, orientation: 'LAS' });
    expect(json.affine).toEqual(volume(true).affine);
  });

  it('info --backend says which backend and native kernels run, as HEMOCAM_NATIVE turns them on or off; misuse exits 2', () => {
    const on = hemocam(['info', '--backend', '--json']);
    expect(on.code).toBe(0);
    const json = JSON.parse(on.stdout) as { backend: string; native: { active: boolean; kernels?: string[]; reason?: string } | null };
    expect(json.backend).toBe('wasm');
    if (process.env.HEMOCAM_NATIVE === '0') expect(json.native).toEqual({ active: false, reason: 'turned off by HEMOCAM_NATIVE=0' });
    else if (json.native?.active) expect(json.native.kernels).toContain('Conv2DBackpropFilter');
    else if (process.env.HEMOCAM_REQUIRE_NATIVE === '1') expect.fail(`native kernels required but off: ${json.native?.reason}`);
    const off = hemocam(['info', '--backend'], undefined, { HEMOCAM_NATIVE: '0' });
    expect(off.stdout).toMatch(/^backend\s+wasm \(native kernels off: turned off by HEMOCAM_NATIVE=0\)$/m);
    expect(hemocam(['info', '--backend', 'cpu']).stdout).toMatch(/^backend\s+cpu$/m);
    for (const args of [['info'], ['info', '--backend', 'gpu'], ['info', 'scan.nii', '--backend']]) {
      const bad = hemocam(args);
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim().split('\n').at(-1)).toMatch(/^hemocam: error: (hemocam info: give a file|--backend gpu: not a backend)/);
    }
  });

  it('info on a truncated or garbage file exits 2 with one clear line', () => {
    const dir = workdir();
    writeFileSync(join(dir, 'junk.nii.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    const result = hemocam(['info', join(dir, 'junk.nii.gz')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^hemocam: error: .*junk\.nii\.gz: not a readable gzip stream/)]);
  });

  it('validate prints three independent mistakes with paths and lines, exit 2', () => {
    const dir = workdir();
    const yaml = [
      'apiVersion: hemocam/v1',
      'plugins: [./plugins/basic]',
      'stages:',
      '  t:',
      '    use: hu-threshold',
      '    with: { min: high }',
      '  s: { use: tensor-scor }',
      '  r: { use: refine-cam }',
    ].join('\n');
    writeFileSync(join(dir, 'p.yaml'), yaml);
    const result = hemocam(['validate', join(dir, 'p.yaml')]);
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/p\.yaml: 3 problems/);
    expect(lines.slice(1)).toEqual([
      '  stages.t.with.min (line 6): expected number, received string',
      expect.stringMatching(/^ {2}stages\.s\.use \(line 7\): unknown stage id 'tensor-scor'; did you mean 'tensor-score'\?/),
      expect.stringMatching(/^ {2}stages\.r\.use \(line 8\): needs artifact 'cam', which no stage provides/),
    ]);
    writeFileSync(join(dir, 'ok.yaml'), yaml.replace('high', '60').replace('tensor-scor', 'tensor-score').replace('refine-cam', 'mean-intensity'));
    expect(hemocam(['validate', join(dir, 'ok.yaml')])).toMatchObject({ code: 0, stdout: expect.stringMatching(/valid; 3 stage\(s\)/) });
  });

  it('schema prints JSON Schema; plugins lists stage ids and reports plugins that fail', () => {
    const dir = workdir();
    const schema = JSON.parse(hemocam(['schema', '--plugin', './plugins/basic'], dir).stdout) as { properties: { stages: { additionalProperties: { properties: { use: { enum: string[] } } } } } };
    expect(schema.properties.stages.additionalProperties.properties.use.enum).toContain('hu-threshold');
    const listing = hemocam(['plugins', './plugins/basic', './plugins/not-a-plugin'], dir);
    expect(listing.code).toBe(2);
    expect(listing.stdout).toMatch(/hemocam-plugin-test-basic 1\.0\.0\n\s+hu-threshold\s+Mask voxels/);
    expect(listing.stdout).toMatch(/\.\/plugins\/not-a-plugin: not loaded: .*is not a hemocam plugin/);
    const described = hemocam(['plugins', '--describe']);
    expect(described.code).toBe(0);
    expect(described.stdout).toMatch(
      /grad-cam-plus-plus .*Chattopadhay.*\n\s+source \S*packages\/plugin-cam\/src\/camStage\.ts:\d+\n\s+needs volume, classifier → provides cam \(heatmap\)\n\s+layer: string/,
    );
    expect(described.stdout).toMatch(/light-unet .*\n\s+source \S*packages\/plugin-refine\/src\/unet\/LightUnetStage\.ts:\d+\n\s+needs volume, brainMask → provides mask \(mask\)\n/);
  });

  it('train then run, end to end on files; a failing case gives exit 1; nothing is overwritten', async () => {
    const dir = workdir();
    const data = await dataset(dir, 4);
    writeFileSync(
      join(dir, 'p.yaml'),
      [
        'apiVersion: hemocam/v1',
        'plugins: [./plugins/basic]',
        'backend: cpu',
        'stages:',
        '  mean: { use: mean-intensity }',
        '  t: { use: hu-threshold }',
        '  s: { use: tensor-score, with: { failOn: c3 } }',
      ].join('\n'),
    );
    const train = hemocam(['train', 'p.yaml', '--data', data, '--out', 'run'], dir);
    expect(train.stderr).toMatch(/backend: cpu/);
    expect(train.code).toBe(0);
    expect(existsSync(join(dir, 'run', 'manifest.json'))).toBe(true);
    expect(hemocam(['train', 'p.yaml', '--data', data, '--out', 'run'], dir)).toMatchObject({ code: 2, stderr: expect.stringMatching(/run already exists.*--force/) });

    const run = hemocam(['run', 'p.yaml', '--run', 'run', '--input', join(data, 'images'), '--out', 'pred'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/1 case\(s\) failed:\n\s+c3: refusing case c3 on purpose/);
    expect(readdirSync(join(dir, 'pred')).sort()).toEqual(['c0', 'c1', 'c2'].flatMap((id) => [`${id}_mask.nii.gz`, `${id}_meanHu.json`, `${id}_score.json`]));
    const again = hemocam(['run', 'p.yaml', '--run', 'run', '--input', join(data, 'images'), '--out', 'pred', '--set', 'stages.s.with.failOn=none'], dir);
    expect(again).toMatchObject({ code: 2, stderr: expect.stringMatching(/already exist.*--force/) });
    const forced = hemocam(['run', 'p.yaml', '--run', 'run', '--input', join(data, 'images'), '--out', 'pred', '--set', 'stages.s.with.failOn=none', '--force', '--quiet'], dir);
    expect(forced).toMatchObject({ code: 0, stderr: '' });
    expect(readdirSync(join(dir, 'pred'))).toHaveLength(12);
  });

  it('synth writes the same bytes for the same seed; datasets inspect summarises it', () => {
    const dir = workdir();
    const args = ['synth', '--cases', '3', '--size', '32', '--slices', '8', '--seed', '5'];
    expect(hemocam([...args, '--out', 'a'], dir).code).toBe(0);
    expect(hemocam([...args, '--out', 'b'], dir).code).toBe(0);
    for (const f of ['dataset.json', 'slice_labels.csv', 'case_labels.csv', 'images/synth_0000.nii.gz', 'labels/synth_0002.nii.gz']) {
      expect(readFileSync(join(dir, 'a', f)).equals(readFileSync(join(dir, 'b', f))), f).toBe(true);
    }
    expect(hemocam([...args, '--out', 'a'], dir)).toMatchObject({ code: 2, stderr: expect.stringMatching(/not empty.*--force/) });
    expect(hemocam(['synth', '--out', 'c', '--size', '7'], dir)).toMatchObject({ code: 2, stderr: expect.stringMatching(/--size must be an integer from 16/) });
    const inspect = JSON.parse(hemocam(['datasets', 'inspect', 'a', '--json'], dir).stdout);
    expect(inspect).toMatchObject({ layout: 'hemocam', cases: 3, slices: 24, masks: 3, problems: [] });
    const info = JSON.parse(hemocam(['info', 'a/images/synth_0000.nii.gz', '--json'], dir).stdout) as InfoJson;
    expect(info.dims).toEqual([32, 32, 8]);
    expect(info.max).toBeGreaterThan(700);
  });

  it('info reads a DICOM file and refuses a truncated one', () => {
    const fixtures = resolve(import.meta.dirname, '../../io/test/fixtures/real/dicom');
    const ct = JSON.parse(hemocam(['info', join(fixtures, 'CT_small.dcm'), '--json']).stdout) as InfoJson;
    expect(ct).toMatchObject({ dims: [128, 128, 1], min: -896, max: 1167, orientation: 'LPS' });
    const series = workdir();
    const source = readFileSync(join(fixtures, 'CT_small.dcm'));
    const at = source.indexOf(Buffer.from('-75.699997'));
    [0, 1, 2].forEach((k) => {
      const copy = Buffer.from(source);
      copy.write((-75.699997 + 2.5 * k).toFixed(6).padStart(10, ' '), at, 'latin1');
      writeFileSync(join(series, `slice${k}.dcm`), copy);
    });
    const folder = JSON.parse(hemocam(['info', series, '--json']).stdout) as InfoJson;
    expect(folder).toMatchObject({ dims: [128, 128, 3], datatype: 'DICOM series, 3 images' });
    expect(folder.spacing[2]).toBeCloseTo(2.5, 4);
    const cut = hemocam(['info', join(fixtures, 'MR_truncated.dcm')]);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/MR_truncated\.dcm: pixel data has 8130 bytes.*truncated/);
  });

  it('cam on any tfjs model.json slice classifier: a heat map on the scan grid; a bad file is exit 2', async () => {
    const dir = workdir();
    const input = tf.input({ shape: [16, 16, 2] });
    const features = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv', kernelInitializer: tf.initializers.randomNormal({ seed: 1 }) }).apply(input);
    const out = tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.randomNormal({ seed: 2 }) }).apply(tf.layers.globalAveragePooling2d({}).apply(features));
    await saveLayersModel(tf, tf.model({ inputs: input, outputs: out as tf.SymbolicTensor }), join(dir, 'm'));
    await writeNifti(join(dir, 'scan.nii.gz'), volume(true), 'image');
    for (const method of ['cam', 'grad-cam', 'score-cam']) {
      const result = hemocam(['cam', '--model', 'm/model.json', '--method', method, '--input', 'scan.nii.gz', '--out', `${method}.nii.gz`, '--quiet'], dir);
      expect(result.code, result.stderr).toBe(0);
      expect((JSON.parse(hemocam(['info', `${method}.nii.gz`, '--json'], dir).stdout) as InfoJson).dims).toEqual([12, 12, 3]);
    }
    writeFileSync(join(dir, 'bad.json'), '{}');
    expect(hemocam(['cam', '--model', 'bad.json', '--input', 'scan.nii.gz', '--out', 'x.nii.gz'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--model bad\.json: give a run directory or an existing tfjs model\.json/),
    });
  });
});
