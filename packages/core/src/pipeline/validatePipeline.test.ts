import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HemocamError, formatIssue } from '../errors/HemocamError.js';
import { PLUGIN_FIXTURES } from '../../test/support/pluginFixtures.js';
import { validatePipeline, validatePipelineText } from './validatePipeline.js';

const FILE = join(PLUGIN_FIXTURES, 'pipeline.yaml');

async function problemsIn(file: string): Promise<string[]> {
  const error = await validatePipeline(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HemocamError);
  return (error as HemocamError).issues.map(formatIssue);
}

async function problems(yaml: string, overrides: string[] = []): Promise<string[]> {
  try {
    await validatePipelineText(yaml, FILE, { overrides });
  } catch (error) {
    expect(error).toBeInstanceOf(HemocamError);
    expect((error as HemocamError).code).toBe('CONFIG');
    return (error as HemocamError).issues.map(formatIssue);
  }
  return [];
}

describe('validatePipeline', () => {
  it('extends another file: merged key by key, the child wins, cycles refused, problems located in the file they are in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hemocam-extends-'));
    cpSync(join(PLUGIN_FIXTURES, 'basic'), join(dir, 'basic'), { recursive: true });
    const write = (name: string, lines: string[]) => writeFileSync(join(dir, name), lines.join('\n') + '\n');
    write('base.yaml', ['apiVersion: hemocam/v1', 'plugins: ["./basic"]', 'seed: 4', 'stages:', '  threshold:', '    use: hu-threshold', '    with: { min: 55, max: 85 }']);
    write('child.yaml', ['extends: ./base.yaml', 'seed: 9', 'stages:', '  threshold: { with: { max: 70 } }', '  score: { use: tensor-score }']);
    const child = await validatePipeline(join(dir, 'child.yaml'));
    expect(child.document.seed).toBe(9);
    expect(child.stages.map((s) => [s.key, s.config])).toEqual([
      ['threshold', { min: 55, max: 70 }],
      ['score', {}],
    ]);
    expect(child.text).not.toMatch(/extends/);

    write('typo.yaml', ['extends: ./base.yaml', 'stages:', '  threshold: { with: { mx: 70 } }']);
    expect(await problemsIn(join(dir, 'typo.yaml'))).toEqual(["stages.threshold.with.mx (line 3): unknown key 'mx'"]);
    write('bad-base.yaml', ['apiVersion: hemocam/v1', 'plugins: ["./basic"]', 'stages:', '  threshold:', '    use: hu-treshold']);
    write('uses-bad-base.yaml', ['extends: bad-base.yaml', 'seed: 1']);
    expect(await problemsIn(join(dir, 'uses-bad-base.yaml'))).toEqual([
      `stages.threshold.use (${join(dir, 'bad-base.yaml')} line 5): unknown stage id 'hu-treshold'; did you mean 'hu-threshold'? known stage ids: cycle-a, cycle-b, greet, hu-threshold, mask-union, mean-intensity, refine-cam, tensor-score`,
    ]);
    write('a.yaml', ['extends: ./b.yaml']);
    write('b.yaml', ['extends: ./a.yaml']);
    expect(await problemsIn(join(dir, 'a.yaml'))).toEqual([`extends (${join(dir, 'b.yaml')} line 1): extends form a cycle: a.yaml → b.yaml → a.yaml; remove one of them`]);
    write('lost.yaml', ['seed: 1', 'extends: ./nowhere.yaml']);
    expect(await problemsIn(join(dir, 'lost.yaml'))).toEqual([`extends (line 2): cannot read ./nowhere.yaml (${join(dir, 'nowhere.yaml')}): ENOENT`]);
  });

  it('checks renamed artifacts as it checks plain ones, with their YAML paths and lines', async () => {
    const head = [
      'apiVersion: hemocam/v1',
      'plugins: ["./basic"]',
      'stages:',
      '  high: { use: hu-threshold, outputs: { mask: maskHigh } }',
      '  soft: { use: hu-threshold, outputs: { mask: maskSoft } }',
    ];
    const ok = await validatePipelineText([...head, '  union: { use: mask-union, inputs: { first: maskHigh, second: maskSoft } }'].join('\n'), FILE);
    expect(ok.stages.map((s) => s.renames)).toEqual([
      { inputs: {}, outputs: { mask: 'maskHigh' } },
      { inputs: {}, outputs: { mask: 'maskSoft' } },
      { inputs: { first: 'maskHigh', second: 'maskSoft' }, outputs: {} },
    ]);
    expect([...ok.artifactKinds]).toEqual([
      ['volume', 'image'],
      ['maskHigh', 'mask'],
      ['maskSoft', 'mask'],
      ['mask', 'mask'],
    ]);
    expect(await problems([...head, '  union:', '    use: mask-union', '    inputs: { first: maskHihg, second: maskSoft }'].join('\n'))).toEqual([
      "stages.union.inputs.first (line 8): needs artifact 'maskHihg', which no stage provides (available: volume, maskHigh, maskSoft, mask); did you mean 'maskHigh'? add a stage that provides it",
    ]);
    expect(await problems([...head, '  union:', '    use: mask-union', '    inputs: { frist: maskHigh, second: maskSoft }', '    outputs: { masks: both }'].join('\n'))).toEqual(
      expect.arrayContaining([
        "stages.union.inputs.frist (line 8): this stage reads no artifact 'frist'; did you mean 'first'? it reads: first, second",
        "stages.union.outputs.masks (line 9): this stage writes no artifact 'masks'; did you mean 'mask'? it writes: mask",
      ]),
    );
    expect(await problems([...head.slice(0, 4), '  soft: { use: hu-threshold, outputs: { mask: maskHigh } }'].join('\n'))).toEqual([
      "stages.soft.outputs.mask (line 5): provides artifact 'maskHigh', which stages.high already provides; remove one of the two stages",
    ]);
    expect(await problems([...head.slice(0, 4), '  soft: { use: hu-threshold, outputs: { mask: mask-2 } }'].join('\n'))).toEqual([
      'stages.soft.outputs.mask (line 5): artifact names are letters and digits, starting with a letter',
    ]);
  });

  it('accepts a good pipeline, fills defaults and orders stages by their artifacts', async () => {
    const pipeline = await validatePipelineText(
      ['apiVersion: hemocam/v1', 'plugins: ["./basic"]', 'stages:', '  refine: { use: refine-cam }', '  threshold: { use: hu-threshold, with: { min: 55 } }', '  cam: { use: tensor-score }', '']
        .join('\n')
        .replace('tensor-score', 'cycle-a'),
      FILE,
      { overrides: ['stages.cam.use=tensor-score', 'stages.refine.use=hu-threshold', 'stages.refine.with.max=80'] },
    ).catch((e: unknown) => e);
    // refine became a second mask provider through the override: reported, not silently accepted
    expect(pipeline).toBeInstanceOf(HemocamError);
    expect((pipeline as HemocamError).issues.map(formatIssue).join('\n')).toMatch(/stages\.(refine|threshold)\.use \(line \d\): provides artifact 'mask', which stages\.\w+ already provides/);

    const ok = await validatePipelineText(
      ['apiVersion: hemocam/v1', 'plugins: ["./basic"]', 'seed: 7', 'stages:', '  score: { use: tensor-score }', '  threshold: { use: hu-threshold, with: { min: 55 } }'].join('\n'),
      FILE,
    );
    expect(ok.stages.map((s) => s.key)).toEqual(['score', 'threshold']);
    expect(ok.stages[1]?.config).toEqual({ min: 55, max: 90 });
    expect(ok.document.backend).toBe('auto');
    expect(ok.document.seed).toBe(7);
  });

  it('reports three independent mistakes at once, with paths and lines', async () => {
    const yaml = [
      'apiVersion: hemocam/v1', // 1
      'plugins:', // 2
      '  - ./basic', // 3
      'stages:', // 4
      '  threshold:', // 5
      '    use: hu-threshold', // 6
      '    with:', // 7
      '      min: "fifty"', // 8  wrong option type
      '  scorer:', // 9
      '    use: tensor-scor', // 10 unknown stage id
      '  refine:', // 11
      '    use: refine-cam', // 12 needs 'cam', which nobody provides
    ].join('\n');
    const found = await problems(yaml);
    expect(found).toHaveLength(3);
    expect(found).toContain('stages.threshold.with.min (line 8): expected number, received string');
    expect(found.find((p) => p.startsWith('stages.scorer.use (line 10): unknown stage id'))).toMatch(/did you mean 'tensor-score'\?.*hu-threshold/);
    expect(found.find((p) => p.startsWith('stages.refine.use (line 12)'))).toMatch(/needs artifact 'cam', which no stage provides/);
  });

  it('checks the graph of `hemocam run` too: a stage run needs may not come from a trainOnly stage only', async () => {
    const base = ['apiVersion: hemocam/v1', 'plugins: ["./basic"]', 'stages:', '  threshold: { use: hu-threshold, trainOnly: true }', '  refine: { use: refine-cam }', '  cam: { use: cycle-a }'];
    expect(await problems(base.join('\n'))).toEqual([
      expect.stringMatching(/stages\.refine\.use \(line 5\): needs artifact 'cam'/),
      expect.stringMatching(/stages\.cam\.use \(line 6\): needs artifact 'y'/),
      expect.stringMatching(/stages\.refine\.use \(line 5\): needs artifact 'mask'.*\(in `hemocam run`, which skips trainOnly stages\)/),
    ]);
    const ok = await validatePipelineText(
      ['apiVersion: hemocam/v1', 'plugins: ["./basic"]', 'stages:', '  score: { use: tensor-score, trainOnly: true }', '  threshold: { use: hu-threshold }'].join('\n'),
      FILE,
    );
    expect(ok.stages.map((s) => [s.key, s.trainOnly])).toEqual([
      ['score', true],
      ['threshold', false],
    ]);
  });

  it('finds cycles', async () => {
    const found = await problems(['apiVersion: hemocam/v1', 'plugins: [./basic]', 'stages:', '  a: { use: cycle-a }', '  b: { use: cycle-b }'].join('\n'));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^stages\.a\.use \(line 4\): is part of a cycle/);
  });

  it('checks the document itself: version, unknown keys, backend, empty stages', async () => {
    const found = await problems(['apiVersion: hemocam/v2', 'backend: tpu', 'colour: blue', 'stages: {}'].join('\n'));
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^apiVersion \(line 1\): expected "hemocam\/v1"/),
        expect.stringMatching(/^backend \(line 2\): expected one of/),
        "colour (line 3): unknown key 'colour'",
        expect.stringMatching(/^stages \(line 4\): a pipeline needs at least one stage/),
      ]),
    );
  });

  it('reports unknown option keys of a stage at their line', async () => {
    const found = await problems(['apiVersion: hemocam/v1', 'plugins: [./basic]', 'stages:', '  t:', '    use: hu-threshold', '    with:', '      minn: 3'].join('\n'));
    expect(found).toEqual(["stages.t.with.minn (line 7): unknown key 'minn'"]);
  });

  it('reports YAML syntax errors with their line', async () => {
    const found = await problems('apiVersion: hemocam/v1\nstages:\n  a: [unclosed\n');
    expect(found[0]).toMatch(/\(line \d\): YAML:/);
  });

  it('reports a plugin that does not load at its place in plugins:', async () => {
    const found = await problems(['apiVersion: hemocam/v1', 'plugins: [./basic, ./not-a-plugin]', 'stages:', '  t: { use: hu-threshold }'].join('\n'));
    expect(found).toEqual([expect.stringMatching(/^plugins\.1 \(line 2\): \.\/not-a-plugin is not a hemocam plugin/)]);
  });

  it('applies --set overrides with YAML types and reports bad ones', async () => {
    const yaml = ['apiVersion: hemocam/v1', 'plugins: [./basic]', 'stages:', '  t: { use: hu-threshold }'].join('\n');
    const ok = await validatePipelineText(yaml, FILE, { overrides: ['stages.t.with.min=60', 'backend=cpu'] });
    expect(ok.stages[0]?.config).toEqual({ min: 60, max: 90 });
    expect(ok.document.backend).toBe('cpu');
    expect(ok.text).toContain('min: 60');
    expect(await problems(yaml, ['stages.t.with.min'])).toEqual([expect.stringMatching(/expected path=value/)]);
    const two = ['apiVersion: hemocam/v1', 'plugins: [./basic]', 'stages:', '  t: { use: hu-threshold, with: { min: 60 } }', '  s: { use: tensor-score }'].join('\n');
    const removed = await validatePipelineText(two, FILE, { overrides: ['stages.s=null', 'stages.t.with.min=~'] });
    expect(removed.stages.map((s) => [s.key, s.config])).toEqual([['t', { min: 50, max: 90 }]]);
    expect(await problems(two, ['stages.u=null'])).toEqual([expect.stringMatching(/^stages\.u.*nothing to remove/)]);
    expect(await problems(yaml, ['stages.t.use=hu-treshold'])).toEqual([expect.stringMatching(/^stages\.t\.use \(line 4\): unknown stage id 'hu-treshold'; did you mean 'hu-threshold'/)]);
  });
});
