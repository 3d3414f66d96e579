import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLUGIN_FIXTURES } from '../../test/support/pluginFixtures.js';
import { loadPlugin, loadPlugins } from './loadPlugins.js';
import { CaseStore } from '../contracts/CaseStore.js';
import { createStage } from '../services/createStage.js';
import { serviceContainer } from '../services/serviceContainer.js';
import { SERVICES } from '../services/tokens.js';

describe('loadPlugins', () => {
  it('loads a plugin by relative path; its stages are built with the services they ask for, and a test rebinds one', async () => {
    const plugin = await loadPlugin('./basic', PLUGIN_FIXTURES);
    expect(plugin.meta).toEqual({ name: 'hemocam-plugin-test-basic', version: '1.0.0' });
    expect(plugin.artifacts?.mask).toEqual({ kind: 'mask', description: 'voxels in the HU window' });
    const stateRoot = mkdtempSync(join(tmpdir(), 'hemocam-test-'));
    const container = serviceContainer({ stateRoot, seed: 3 });
    const said: string[] = [];
    container.rebind(SERVICES.logger).toConstantValue({ info: (m: string) => said.push(m), warn: () => undefined, debug: () => undefined });
    const stage = await createStage(plugin.stages['mean-intensity']!, {}, container, 'mean');
    const data = Int16Array.from({ length: 8 }, (_, i) => (i < 4 ? 10 : 30));
    const volume = {
      data,
      dims: [2, 2, 2] as [number, number, number],
      frames: 1,
      spacing: [1, 1, 1] as [number, number, number],
      affine: [
        [1, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 1, 0],
        [0, 0, 0, 1],
      ] as const,
      orientation: 'RAS',
    };
    const item = new CaseStore('a', { volume: volume as never }, { slices: [0, 1] });
    await stage.fit!([item]);
    expect(said).toEqual(['mean: mean of 4 positive-slice voxels']);
    await stage.run(item);
    expect(item.values.get('meanHu')).toEqual({ learned: 30, count: 4, sawLabels: true }); // a stage called directly sees what its case carries
    // a service nothing binds is refused by name, not with a crash inside the constructor
    await expect(createStage(plugin.stages['tensor-score']!, {}, container)).rejects.toThrow(/asks for hemocam\.tensor, which nothing binds/);
  });

  it('loads a plugin by package name from node_modules above the pipeline', async () => {
    const project = mkdtempSync(join(tmpdir(), 'hemocam-test-'));
    cpSync(join(PLUGIN_FIXTURES, 'basic'), join(project, 'node_modules', 'hemocam-plugin-test-basic'), { recursive: true });
    const zodDir = dirname(createRequire(import.meta.url).resolve('zod/package.json'));
    symlinkSync(zodDir, join(project, 'node_modules', 'zod'));
    mkdirSync(join(project, 'pipelines', 'deep'), { recursive: true });
    const plugin = await loadPlugin('hemocam-plugin-test-basic', join(project, 'pipelines', 'deep'));
    expect(Object.keys(plugin.stages)).toContain('hu-threshold');
  });

  it.each([
    ['./not-a-plugin', /\.\/not-a-plugin is not a hemocam plugin: its default export must be/],
    ['./future-api', /future-api 3\.0\.0 needs hemocam plugin API 99, but this hemocam speaks API 2: upgrade hemocam/],
    ['./throws', /plugin \.\/throws threw while loading .*boom at load time/],
    ['./mismatch', /meta says mismatch-other-name@2\.0\.0 but its package\.json says mismatch-real-name@2\.0\.0/],
    ['./missing', /plugin \.\/missing: .* does not exist/],
    ['hemocam-plugin-nowhere', /plugin package hemocam-plugin-nowhere is not installed.*npm install hemocam-plugin-nowhere/],
  ])('%s is refused with an error naming it', async (spec, message) => {
    await expect(loadPlugin(spec, PLUGIN_FIXTURES)).rejects.toMatchObject({ code: 'PLUGIN', message: expect.stringMatching(message) });
  });

  it('a stage id claimed twice fails the second plugin, naming both; the others still load', async () => {
    const result = await loadPlugins(['./basic', './dupe', './throws', './future-api'], PLUGIN_FIXTURES);
    expect(result.plugins.map((p) => p.spec)).toEqual(['./basic']);
    expect(result.failures.map((f) => f.spec)).toEqual(['./dupe', './throws', './future-api']);
    expect(result.failures[0]?.error.message).toMatch(/\.\/dupe registers stage id 'hu-threshold' \(already registered by hemocam-plugin-test-basic\)/);
  });
});
