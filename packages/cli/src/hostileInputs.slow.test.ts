import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeNifti } from '@hemocam/io';
import type { Volume } from '@hemocam/core';
import { hemocam } from '../test/hemocam.js';
import { workdir } from '../test/workdir.js';

// Bad inputs a user can make, each run through the real CLI: exit 2, one `hemocam: error:` line naming what to fix, no stack trace, no internal error.
let dir = '';
const volume = (frames = 1): Volume => ({
  data: new Uint8Array(8 * 8 * 4 * frames),
  dims: [8, 8, 4],
  frames,
  spacing: [1, 1, 1],
  affine: [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ],
  orientation: 'RAS',
});

beforeAll(async () => {
  dir = workdir();
  expect(hemocam(['synth', '--out', 'ph', '--cases', '2', '--size', '32', '--slices', '4', '--seed', '4'], dir).code).toBe(0);
  const laughs = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdef'[i]!}`).join(',')}]`)];
  writeFileSync(join(dir, 'laughs.yaml'), laughs.join('\n') + '\n');
  writeFileSync(join(dir, 'ok.yaml'), ['apiVersion: hemocam/v1', 'plugins: ["./plugins/basic"]', 'backend: cpu', 'stages:', '  m: { use: hu-threshold }', ''].join('\n'));
  writeFileSync(join(dir, 'afile'), '');
  await writeNifti(join(dir, 'label', 'a.nii.gz'), volume(), 'mask');
  await writeNifti(join(dir, 'four', 'a.nii.gz'), volume(3), 'mask');
  mkdirSync(join(dir, 'probs'));
  writeFileSync(join(dir, 'probs', 'synth_0000_sliceProbs.json'), '[0.1');
  // DICOM: a CT slice written by other software, then broken in the ways files break.
  const ct = readFileSync(resolve(import.meta.dirname, '../../io/test/fixtures/real/dicom/CT_small.dcm'));
  mkdirSync(join(dir, 'dcm'));
  writeFileSync(join(dir, 'dcm', 'cut.dcm'), ct.subarray(0, ct.length - 1000));
  writeFileSync(join(dir, 'dcm', 'header-only.dcm'), ct.subarray(0, 200));
  writeFileSync(join(dir, 'dcm', 'noise.dcm'), Buffer.alloc(4096, 7));
  copyFileSync(resolve(import.meta.dirname, '../../io/test/fixtures/real/dicom/MR_truncated.dcm'), join(dir, 'dcm', 'mr-truncated.dcm'));
  execFileSync('mkfifo', [join(dir, 'dcm', 'pipe.dcm')]);
  execFileSync('mkfifo', [join(dir, 'pipe.nii.gz')]);
  // A gzip stream cut after the header: the header reads, the voxels do not.
  mkdirSync(join(dir, 'cutgz', 'images'), { recursive: true });
  const image = readFileSync(join(dir, 'ph', 'images', 'synth_0000.nii.gz'));
  writeFileSync(join(dir, 'cutgz', 'images', 'a.nii.gz'), image.subarray(0, Math.floor(image.length * 0.6)));
  // YAML that is no pipeline.
  writeFileSync(join(dir, 'tabs.yaml'), 'apiVersion: hemocam/v1\nstages:\n\tm: { use: hu-threshold }\n');
  writeFileSync(join(dir, 'list.yaml'), '- a\n- b\n');
  writeFileSync(join(dir, 'empty.yaml'), '');
  writeFileSync(join(dir, 'tag.yaml'), 'apiVersion: !!js/function "x"\n');
});

describe('hostile inputs: exit 2 and one line, never an internal error', () => {
  it.each([
    ['a billion-laughs YAML', ['validate', 'laughs.yaml'], /laughs\.yaml: its YAML aliases expand too far/],
    ['an output path that is a file', ['run', 'ok.yaml', '--run', 'r', '--input', 'ph', '--out', 'afile'], /--out afile is an existing file, not a folder/],
    [
      'an output folder nobody may write',
      ['run', 'ok.yaml', '--run', 'r', '--input', 'ph', '--out', '/sys/hemocam-test/out'],
      /cannot write to \/sys\/hemocam-test: (permission denied|read-only file system)/,
    ],
    ['a 4-D prediction', ['eval', '--pred', 'four', '--gt', 'label'], /four\/a\.nii\.gz is 4-D \(3 frames\)/],
    ['a broken _sliceProbs.json', ['eval', '--pred', 'probs', '--gt', 'ph'], /synth_0000_sliceProbs\.json is not a slice-probability file/],
    ['synth --seed abc', ['synth', '--out', 's', '--seed', 'abc'], /--seed must be an integer/],
    ['report --viewer -1', ['report', '--pred', 'probs', '--data', 'ph', '--out', 'r.html', '--viewer', '-1'], /--viewer must be a number of cases, 0 or more/],
    ['datasets inspect on a missing path', ['datasets', 'inspect', 'nowhere'], /nowhere does not exist/],
    ['a scan that is a FIFO', ['info', 'pipe.nii.gz'], /pipe\.nii\.gz is not a regular file/],
    ['a DICOM file cut short', ['info', 'dcm/cut.dcm'], /cut\.dcm: /],
    ['a DICOM file that is only a header', ['info', 'dcm/header-only.dcm'], /header-only\.dcm: /],
    ['bytes that are no DICOM', ['info', 'dcm/noise.dcm'], /noise\.dcm: /],
    ["pydicom's truncated MR", ['info', 'dcm/mr-truncated.dcm'], /mr-truncated\.dcm: /],
    ['a DICOM FIFO', ['info', 'dcm/pipe.dcm'], /pipe\.dcm is not a regular file/],
    ['YAML indented with tabs', ['validate', 'tabs.yaml'], /tabs\.yaml: \d+ problems?/],
    ['YAML whose root is a list', ['validate', 'list.yaml'], /list\.yaml: \d+ problems?/],
    ['an empty YAML', ['validate', 'empty.yaml'], /empty\.yaml: \d+ problems?/],
    ['a YAML with a custom tag', ['validate', 'tag.yaml'], /tag\.yaml: \d+ problems?/],
  ])('%s', (_what, args, message) => {
    const result = hemocam(args, dir);
    expect(result.code, result.stderr).toBe(2);
    const errors = result.stderr.split('\n').filter((l) => l.startsWith('hemocam: error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/internal error| {4}at /);
  });
});

describe('datasets inspect reads whole files', () => {
  it('a gzip stream cut after the header is unreadable (exit 2), named once', () => {
    const result = hemocam(['datasets', 'inspect', 'cutgz'], dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/unreadable {5}1\n {2}\S*cutgz\/images\/a\.nii\.gz: not a readable gzip stream/);
  });
});
