import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hemocam } from '../test/hemocam.js';
import type { InfoJson } from '../test/InfoJson.js';
import { workdir } from '../test/workdir.js';

describe('hemocam demo, then the commands on what it made (slow tier)', () => {
  it('demo --quick trains the whole weak pipeline, segments and scores Dice; then cam, validate and eval work on what it made', async () => {
    const dir = workdir();
    const demo = hemocam(['demo', '--quick', '--out', 'demo'], dir);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/hemocam demo \(quick, standard phantom, backend wasm/);
    expect(demo.stdout).toMatch(/Dice over \d+ case\(s\) with bleed: mean \d\.\d{3}, median \d\.\d{3}/);
    const summary = JSON.parse(readFileSync(join(dir, 'demo', 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ trainCases: 16, testCases: 8, dice: { positives: { n: expect.any(Number) } } });
    expect(readdirSync(join(dir, 'demo', 'pred')).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `synth_${String(i).padStart(4, '0')}_mask.nii.gz`));
    expect(demo.stdout).toMatch(/report: .*demo\/report\.html/);
    expect(existsSync(join(dir, 'demo', 'report_files', 'niivue.umd.js'))).toBe(true);
    expect(hemocam(['demo', '--quick', '--out', 'demo'], dir)).toMatchObject({ code: 2, stderr: expect.stringMatching(/not empty/) });

    // hemocam run skips the trainOnly stages: only brain + segment run.
    expect(hemocam(['validate', 'demo/pipeline.yaml'], dir).stdout).toMatch(/classify \(resnet-lstm, train only\).*hemocam run runs 2/);
    // Swapping the CAM method is one line; a wrong one lists the valid ids.
    for (const method of ['cam', 'grad-cam', 'grad-cam-plus-plus', 'hirescam', 'xgrad-cam', 'layer-cam', 'score-cam', 'eigen-cam']) {
      expect(hemocam(['validate', 'demo/pipeline.yaml', '--set', `stages.cam.use=${method}`], dir).code).toBe(0);
    }
    const wrong = hemocam(['validate', 'demo/pipeline.yaml', '--set', 'stages.cam.use=gradcam++'], dir);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/stages\.cam\.use \(line \d+\): unknown stage id 'gradcam\+\+'; did you mean .*known stage ids: .*eigen-cam, grad-cam, grad-cam-plus-plus, hirescam/);

    // hemocam cam from the run's classifier: a heat map on the scan's grid, PNG overlays, no overwrite.
    const scan = join('demo', 'data', 'test', 'images', 'synth_0000.nii.gz');
    const cam = hemocam(['cam', '--model', 'demo/run', '--method', 'grad-cam-plus-plus', '--input', scan, '--out', 'heat.nii.gz', '--png', 'png', '--quiet'], dir);
    expect(cam.code, cam.stderr).toBe(0);
    const info = JSON.parse(hemocam(['info', 'heat.nii.gz', '--json'], dir).stdout) as InfoJson;
    const source = JSON.parse(hemocam(['info', scan, '--json'], dir).stdout) as InfoJson;
    expect(info.dims).toEqual(source.dims);
    expect(info.datatype).toBe('float32');
    expect(info.max).toBeLessThanOrEqual(1);
    expect(readdirSync(join(dir, 'png'))).toHaveLength(source.dims[2]!);
    expect(hemocam(['cam', '--model', 'demo/run', '--input', scan, '--out', 'heat.nii.gz'], dir)).toMatchObject({ code: 2, stderr: expect.stringMatching(/heat\.nii\.gz already exists/) });
    expect(hemocam(['cam', '--model', 'demo/run', '--layer', 'nope', '--input', scan, '--out', 'other.nii.gz'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/stages\.cam\.with\.layer: the classifier has no layer 'nope'/),
    });
    expect(existsSync(join(dir, 'other.nii.gz'))).toBe(false);
    expect(hemocam(['cam', '--model', 'demo/run', '--target', '7', '--input', scan, '--out', 'other.nii.gz'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/stages\.cam\.with\.target: class 7 is outside the model's 1 class\(es\)/),
    });

    // A pipeline whose learning stages have other options than the run was trained with: exit 2 before any model loads, naming the option and both values (it used to hang).
    const examples = join(import.meta.dirname, '../../../examples');
    const mismatched = hemocam(['run', join(examples, 'cam-guided.yaml'), '--run', 'demo/run', '--input', scan, '--out', 'mismatch'], dir);
    expect(mismatched.code).toBe(2);
    expect(mismatched.stderr).toMatch(/stages\.classify\.with\.\w+ is .* in the pipeline but demo\/run was trained with .*; use the pipeline the run was trained with/);
    expect(existsSync(join(dir, 'mismatch'))).toBe(false);
    // An option that acts only at run time (the clean-up size) may differ from training; one that fit uses may not.
    const stricter = hemocam(['run', 'demo/pipeline.yaml', '--set', 'stages.segment.with.minVolumeMm3=1e9', '--run', 'demo/run', '--input', scan, '--out', 'stricter', '--quiet'], dir);
    expect(stricter.code, stricter.stderr).toBe(0);
    expect(JSON.parse(hemocam(['info', join('stricter', 'synth_0000_mask.nii.gz'), '--json'], dir).stdout)).toMatchObject({ max: 0 });
    expect(hemocam(['run', 'demo/pipeline.yaml', '--set', 'stages.segment.with.filters=6', '--run', 'demo/run', '--input', scan, '--out', 'other'], dir).stderr).toMatch(
      /stages\.segment\.with\.filters is 6 in the pipeline but demo\/run was trained with/,
    );

    // eval reads the masks and prints Dice.
    const scored = hemocam(['eval', '--pred', 'demo/pred', '--gt', 'demo/data/test'], dir);
    expect(scored.code).toBe(0);
    expect(scored.stdout).toMatch(/Dice over \d+ case\(s\) with bleed/);
    // ablate: two CAM variants (named rows of --variants); the classifier is fitted once; a second call recomputes nothing.
    writeFileSync(join(dir, 'rows.yaml'), 'plain cam: [stages.cam.use=cam]\ngrad-cam:\n  - stages.cam.use=grad-cam\n');
    const ablateArgs = ['ablate', 'demo/pipeline.yaml', '--data', 'demo/data/train', '--test', 'demo/data/test', '--variants', 'rows.yaml', '--out', 'abl'];
    const ablate = hemocam(ablateArgs, dir);
    expect(ablate.code, ablate.stderr).toBe(0);
    expect(ablate.stderr).toMatch(/variant 2\/2: grad-cam\n[^]*stages\.classify \(resnet-lstm\): reusing what/);
    const table = readFileSync(join(dir, 'abl', 'results.md'), 'utf8').split('\n');
    expect(table.slice(2, 4)).toEqual([expect.stringMatching(/^\| plain cam \| \d\.\d{3} ± /), expect.stringMatching(/^\| grad-cam \| /)]);
    expect(
      readFileSync(join(dir, 'abl', 'results.csv'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(3);
    expect(
      readFileSync(join(dir, 'abl', 'results.png'))
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    expect(existsSync(join(dir, 'abl', 'variants', 'plain_cam', 'report.html'))).toBe(true);
    expect(hemocam(ablateArgs, dir).stderr).toMatch(/variant 1\/2 \(plain cam\): done before, kept[^]*variant 2\/2 \(grad-cam\): done before, kept/);

    // The reference against itself: Dice 1, HD95 0, NSD 1, also in the CSV.
    mkdirSync(join(dir, 'same'));
    for (const file of readdirSync(join(dir, 'demo', 'data', 'test', 'labels'))) cpSync(join(dir, 'demo', 'data', 'test', 'labels', file), join(dir, 'same', file.replace('.nii.gz', '_mask.nii.gz')));
    const perfect = hemocam(['eval', '--pred', 'same', '--gt', 'demo/data/test', '--csv', 'same.csv'], dir);
    expect(perfect.stdout).toMatch(/Dice\s+1\.000 ± 0\.000\s+1\.000\n\s+IoU\s+1\.000[^\n]*\n\s+HD95 \(mm\)\s+0\.000 ± 0\.000\s+0\.000\n[^\n]*\n[^\n]*\n\s+NSD\s+1\.000/);
    const csv = readFileSync(join(dir, 'same.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('case_id,type,dice,iou,hd95,hd,rvd,nsd,sensitivity,precision,referenceMl,predictedMl');
    expect(csv).toHaveLength(9);
  }, 180_000); // demo, cam, eval and an ablation: about a minute alone, more beside other slow tests
});
