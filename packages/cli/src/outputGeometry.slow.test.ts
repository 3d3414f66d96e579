import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNifti } from '@hemocam/io';
import { hemocam } from '../test/hemocam.js';
import { workdir } from '../test/workdir.js';

// The masks `hemocam run` writes keep their source's geometry exactly: compared with what nibabel read from each input (expected.json).
const REAL = resolve(import.meta.dirname, '../../io/test/fixtures/real');
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import nibabel'], { stdio: 'ignore' }).status === 0);
if (!PYTHON) console.warn('outputGeometry.slow.test: no python3 with nibabel (apt-get install python3-nibabel); the outputs are read back by hemocam instead');
interface Geometry {
  shape: number[];
  affine: number[][];
  sformCode: number;
  qformCode: number;
}
const expected = (JSON.parse(readFileSync(join(REAL, 'expected.json'), 'utf8')) as { nifti: Record<string, Geometry> }).nifti;

/** The geometry of a written mask, as nibabel reads it (or hemocam where nibabel is absent). */
async function geometryOf(file: string): Promise<Geometry> {
  if (PYTHON) {
    const script =
      'import nibabel as n, json, sys\nh = n.load(sys.argv[1]).header\nprint(json.dumps({"shape": list(h.get_data_shape()), "affine": n.load(sys.argv[1]).affine.tolist(), "sformCode": int(h["sform_code"]), "qformCode": int(h["qform_code"])}))';
    return JSON.parse(spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8' }).stdout) as Geometry;
  }
  const volume = await readNifti(file);
  return { shape: volume.dims, affine: volume.affine, sformCode: volume.source!.sformCode, qformCode: volume.source!.qformCode };
}

describe('run outputs keep the source geometry', () => {
  it('affine, qform and sform codes of each mask equal nibabel’s reading of its input', async () => {
    const dir = workdir();
    const inputs = ['anatomical.nii', 'reoriented_anat_moved.nii', 'standard.nii.gz']; // the 3-D ones: hemocam refuses 4-D input
    mkdirSync(join(dir, 'in'));
    for (const name of inputs) copyFileSync(join(REAL, 'nifti', name), join(dir, 'in', name));
    writeFileSync(join(dir, 'p.yaml'), ['apiVersion: hemocam/v1', 'plugins: ["./plugins/basic"]', 'backend: cpu', 'stages:', '  mask: { use: hu-threshold }', ''].join('\n'));
    const run = hemocam(['run', 'p.yaml', '--run', 'r', '--input', 'in', '--out', 'out', '--quiet'], dir);
    expect(run.code, run.stderr).toBe(0);
    for (const name of inputs) {
      const id = name.replace(/\.nii(\.gz)?$/, '');
      const got = await geometryOf(join(dir, 'out', `${id}_mask.nii.gz`));
      const want = expected[name]!;
      expect(got.shape.slice(0, 3), name).toEqual(want.shape.slice(0, 3));
      expect([got.sformCode, got.qformCode], name).toEqual([want.sformCode, want.qformCode]);
      got.affine.flat().forEach((v, i) => expect(v, `${name} affine[${i}]`).toBeCloseTo(want.affine.flat()[i]!, 5));
    }
  });
});
