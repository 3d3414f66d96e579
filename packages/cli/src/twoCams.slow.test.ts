import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readNifti } from '@hemocam/io';
import { describe, expect, it } from 'vitest';
import { hemocam } from '../test/hemocam.js';
import { workdir } from '../test/workdir.js';

// examples/two-cams.yaml as shipped: two CAM stages whose outputs are renamed, and cam-fusion reading both.
const TWO_CAMS = resolve(import.meta.dirname, '../examples/two-cams.yaml');
const TINY = ['--set', 'stages.classify.with={ depth: 10, width: 0.125, slices: 3, inputSize: 32, lstmUnits: 8, epochs: 1, batchSize: 4, stepsPerEpoch: 3 }'];

describe('two CAMs side by side, fused (examples/two-cams.yaml)', () => {
  it('trains and runs end to end; --save-intermediates writes both maps and their fusion', async () => {
    const dir = workdir();
    expect(hemocam(['synth', '--out', 'ph', '--cases', '6', '--size', '32', '--slices', '6', '--seed', '5'], dir).code).toBe(0);
    const trained = hemocam(['train', TWO_CAMS, ...TINY, '--data', 'ph', '--out', 'run'], dir);
    expect(trained.code, trained.stderr).toBe(0);
    const ran = hemocam(['run', TWO_CAMS, ...TINY, '--run', 'run', '--input', 'ph/images', '--out', 'pred', '--save-intermediates'], dir);
    expect(ran.code, ran.stderr).toBe(0);
    const [gradPP, score, fused] = await Promise.all(['camGradPP', 'camScore', 'cam'].map((a) => readNifti(join(dir, 'pred', `synth_0000_${a}.nii.gz`))));
    for (const map of [gradPP!, score!]) expect(Math.max(...map.data)).toBeGreaterThan(0);
    expect(gradPP!.data).not.toEqual(score!.data); // two methods, two maps
    fused!.data.forEach((v, i) => expect(v).toBeCloseTo((gradPP!.data[i]! + score!.data[i]!) / 2, 5)); // cam-fusion's default: the mean
    expect((await readNifti(join(dir, 'pred', 'synth_0000_mask.nii.gz'))).data).toBeInstanceOf(Uint8Array);
  });

  it('a misspelt renamed artifact is reported with its YAML path and line (exit 2)', () => {
    const dir = workdir();
    writeFileSync(join(dir, 'typo.yaml'), [`extends: ${TWO_CAMS}`, 'stages:', '  fuse:', '    inputs: { cam1: camGradPP, cam2: camScor }', ''].join('\n'));
    const result = hemocam(['validate', 'typo.yaml'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/stages\.fuse\.inputs\.cam2 \(line 4\): needs artifact 'camScor', which no stage provides .*did you mean 'camScore'\?/);
  });
});
