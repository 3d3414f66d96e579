import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HemocamError } from '@hemocam/core';
import { readNifti } from './readNifti.js';
import { writeNifti } from './writeNifti.js';
import { plainVolume } from '../../test/support/testVolumes.js';

// nibabel (Debian's python3-nibabel) as the reference; the interpreter from HEMOCAM_PYTHON, else the system one.
const PYTHON = [process.env.HEMOCAM_PYTHON, '/usr/bin/python3', 'python3'].find((p) => p && spawnSync(p, ['-c', 'import nibabel'], { encoding: 'utf8' }).status === 0);
if (!PYTHON) console.warn('readNiftiHostile: nibabel comparisons skipped (no python3 with nibabel; Debian: apt-get install python3-nibabel; .ci/run installs it)');

/** What nibabel reads from a file: its zooms and voxels, or the error it raises. */
function nibabelReads(file: string): { zooms: number[]; data: number[] } | { error: string } {
  const script = `import json, sys, warnings, numpy as np, nibabel as nib
warnings.simplefilter('ignore')
try:
    img = nib.load(sys.argv[1]); print(json.dumps({'zooms': [float(z) for z in img.header.get_zooms()], 'data': np.asanyarray(img.dataobj).ravel(order='F').tolist()}))
except Exception as e:
    print(json.dumps({'error': str(e)}))`;
  const out = spawnSync(PYTHON!, ['-c', script, file], { encoding: 'utf8' });
  return JSON.parse(out.stdout) as { zooms: number[]; data: number[] } | { error: string };
}

const dir = mkdtempSync(join(tmpdir(), 'hemocam-nifti-hostile-'));
const values = Array.from({ length: 24 }, (_, i) => i * 10 - 50);
const source = join(dir, 'source.nii');
await writeNifti(source, plainVolume(Int16Array.from(values), [2, 3, 4]), 'image');

/** The source file with header fields patched (NIfTI-1 little endian offsets). */
function patched(name: string, patch: (view: DataView) => void, truncateTo?: number): string {
  const bytes = Uint8Array.from(readFileSync(source));
  patch(new DataView(bytes.buffer));
  const file = join(dir, name);
  writeFileSync(file, truncateTo === undefined ? bytes : bytes.subarray(0, truncateTo));
  return file;
}
const VOX_OFFSET = 108,
  PIXDIM = 76,
  QFORM_CODE = 252,
  SFORM_CODE = 254,
  QUATERN_B = 256,
  SROW_X = 280;

async function refusal(file: string): Promise<string> {
  const error = await readNifti(file).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HemocamError);
  expect((error as HemocamError).code).toBe('INPUT');
  expect((error as HemocamError).message).toContain(file);
  return (error as HemocamError).message;
}

describe('readNifti on hostile headers: refused with one line, or read as nibabel reads it', () => {
  it('vox_offset below 352 (0, 348) reads the voxels from 352, as nibabel sets it; NaN or negative is refused', async () => {
    for (const offset of [0, 348, 351.5]) {
      const file = patched(`offset-${offset}.nii`, (v) => v.setFloat32(VOX_OFFSET, offset, true));
      expect(Array.from((await readNifti(file)).data), `vox_offset ${offset}`).toEqual(values);
    }
    for (const offset of [NaN, -4]) expect(await refusal(patched(`offset-${offset}.nii`, (v) => v.setFloat32(VOX_OFFSET, offset, true)))).toMatch(/vox_offset is (NaN|-4)/);
    if (PYTHON) expect(nibabelReads(join(dir, 'offset-NaN.nii'))).toHaveProperty('error');
  });

  it('a vox_offset past the end of the file says how much is there, never a negative size', async () => {
    const message = await refusal(patched('offset-far.nii', (v) => v.setFloat32(VOX_OFFSET, 100_000, true)));
    expect(message).toMatch(/from offset 100000\) but the file holds 0 byte\(s\) there/);
    expect(await refusal(patched('truncated.nii', () => undefined, 360))).toMatch(/holds 8 byte\(s\) there/);
  });

  it('a zero voxel size reads as 1 mm, as nibabel; an infinite or NaN one is refused', async () => {
    const zero = patched('pixdim-0.nii', (v) => v.setFloat32(PIXDIM + 4, 0, true));
    expect((await readNifti(zero)).spacing).toEqual([1, 1, 1]);
    if (PYTHON) expect(nibabelReads(zero)).toMatchObject({ zooms: [1, 1, 1], data: values });
    for (const bad of [Infinity, NaN]) expect(await refusal(patched(`pixdim-${bad}.nii`, (v) => v.setFloat32(PIXDIM + 8, bad, true)))).toMatch(/pixdim.* must be finite/);
  });

  it('a zero, NaN or singular sform and a quaternion that is no rotation are refused (nibabel refuses the quaternion too)', async () => {
    const sform = (name: string, rows: number[]) =>
      patched(name, (v) => {
        v.setInt16(SFORM_CODE, 1, true);
        rows.forEach((x, k) => v.setFloat32(SROW_X + 4 * k, x, true));
      });
    expect(await refusal(sform('sform-zero.nii', Array<number>(12).fill(0)))).toMatch(/sform is singular/);
    expect(await refusal(sform('sform-nan.nii', [NaN, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]))).toMatch(/sform holds NaN/);
    expect(await refusal(sform('sform-flat.nii', [1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]))).toMatch(/sform is singular/);
    const quaternion = patched('quatern.nii', (v) => {
      v.setInt16(SFORM_CODE, 0, true);
      v.setInt16(QFORM_CODE, 1, true);
      [0.9, 0.9, 0.9].forEach((x, k) => v.setFloat32(QUATERN_B + 4 * k, x, true));
    });
    expect(await refusal(quaternion)).toMatch(/quaternion .* is not a rotation/);
    if (PYTHON) expect(nibabelReads(quaternion)).toMatchObject({ error: expect.stringMatching(/w2 should be positive/) });
  });

  it('the untouched file reads as nibabel reads it', async () => {
    const volume = await readNifti(source);
    expect(Array.from(volume.data)).toEqual(values);
    if (PYTHON) expect(nibabelReads(source)).toMatchObject({ zooms: [1, 1, 1], data: values });
  });
});
