import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hemocam } from '../test/hemocam.js';
import { workdir } from '../test/workdir.js';

/** A plugin folder `plugins/<name>` whose stage class is `stageSource` (a JS class expression) and whose module starts with `prelude`. */
function plugin(dir: string, name: string, stageSource: string, prelude = ''): void {
  mkdirSync(join(dir, 'plugins', name), { recursive: true });
  writeFileSync(join(dir, 'plugins', name, 'package.json'), JSON.stringify({ name: `p-${name}`, version: '1.0.0', type: 'module', main: 'index.js' }));
  writeFileSync(
    join(dir, 'plugins', name, 'index.js'),
    `import { z } from 'zod';\n${prelude}\nconst Stage = ${stageSource};\nexport default { meta: { name: 'p-${name}', version: '1.0.0' }, apiVersion: 2, stages: { '${name}': Stage } };\n`,
  );
}
const OK_STAGE = `class { static description = 'x'; static configSchema = z.object({}).strict(); static needs = ['volume']; static provides = ['mask']; async run(item) { const v = item.get('volume'); item.set('mask', { ...v, data: new Uint8Array(v.data.length) }); } dispose() {} }`;
const pipeline = (dir: string, plugins: string[], use: string) =>
  writeFileSync(join(dir, 'p.yaml'), ['apiVersion: hemocam/v1', `plugins: [${plugins.map((p) => JSON.stringify(p)).join(', ')}]`, 'backend: cpu', 'stages:', `  s: { use: ${use} }`, ''].join('\n'));

describe('the plugin trust boundary: only what the user names is loaded, and a broken plugin is one line naming it', () => {
  it.each([
    ['a name with .. segments', (dir: string) => pipeline(dir, ['x/../../../../elsewhere/pkg'], 'hu'), /plugins\.0 \(line 2\): plugin x\/\.\.\/.* is not a valid npm package name/],
    [
      'an import that never settles',
      (dir: string) => {
        plugin(dir, 'stuck', OK_STAGE, 'await new Promise(() => {});');
        pipeline(dir, ['./plugins/stuck'], 'stuck');
      },
      /plugin \.\/plugins\/stuck did not finish loading within 1 s/,
    ],
    [
      'a stage without run',
      (dir: string) => {
        plugin(dir, 'norun', `class { static description = 'x'; static configSchema = z.object({}).strict(); static needs = ['volume']; static provides = ['mask']; dispose() {} }`);
        pipeline(dir, ['./plugins/norun'], 'norun');
      },
      /must be a class with a run method/,
    ],
    [
      'a schema whose safeParse throws',
      (dir: string) => {
        plugin(dir, 'badschema', OK_STAGE.replace('z.object({}).strict()', "{ safeParse() { throw new Error('boom'); } }"));
        pipeline(dir, ['./plugins/badschema'], 'badschema');
      },
      /stages\.s\.use \(line 5\): badschema \(plugin p-badschema\): its option schema threw \(boom\); a bug in that plugin/,
    ],
  ])('validate refuses %s with exit 2, one line each', (_what, setup, message) => {
    const dir = workdir();
    setup(dir);
    const result = hemocam(['validate', 'p.yaml'], dir, { HEMOCAM_PLUGIN_TIMEOUT_MS: '1000' });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/internal error| {4}at /);
  });

  it('a throwing constructor is a one-line error naming stage and plugin; a throwing dispose is reported and the batch still ends with its summary', () => {
    const dir = workdir();
    expect(hemocam(['synth', '--out', 'ph', '--cases', '1', '--size', '32', '--slices', '4', '--seed', '9'], dir).code).toBe(0);
    plugin(dir, 'ctor', OK_STAGE.replace('async run(item)', "constructor() { throw new Error('no'); } async run(item)"));
    pipeline(dir, ['./plugins/ctor'], 'ctor');
    const ctor = hemocam(['run', 'p.yaml', '--run', 'r', '--input', 'ph', '--out', 'o'], dir);
    expect(ctor.code).toBe(2);
    expect(ctor.stderr).toMatch(/stages\.s \(ctor, plugin p-ctor\): its constructor threw \(no\); a bug in that plugin/);
    plugin(dir, 'disp', OK_STAGE.replace('dispose() {}', "dispose() { throw new Error('gone'); }"));
    pipeline(dir, ['./plugins/disp'], 'disp');
    const disposing = hemocam(['run', 'p.yaml', '--run', 'r', '--input', 'ph', '--out', 'o2'], dir);
    expect(disposing.code, disposing.stderr).toBe(0);
    expect(disposing.stderr).toMatch(/stages\.s: dispose failed: gone/);
    expect(disposing.stderr).toMatch(/1 case\(s\) done, 0 failed/);
  });

  it("a project's node_modules/@hemocam/plugin-cam does not shadow hemocam's own, and the difference is said", () => {
    const dir = workdir();
    const fake = join(dir, 'node_modules', '@hemocam', 'plugin-cam');
    mkdirSync(fake, { recursive: true });
    writeFileSync(join(fake, 'package.json'), JSON.stringify({ name: '@hemocam/plugin-cam', version: '9.9.9', type: 'module', main: 'index.js' }));
    writeFileSync(join(fake, 'index.js'), "import { writeFileSync } from 'node:fs'; writeFileSync('shadow-loaded', ''); export default {};\n");
    pipeline(dir, ['@hemocam/plugin-cam'], 'grad-cam');
    writeFileSync(
      join(dir, 'p.yaml'),
      ['apiVersion: hemocam/v1', 'plugins: ["@hemocam/plugin-resnet-lstm", "@hemocam/plugin-cam"]', 'stages:', '  c: { use: resnet-lstm }', '  m: { use: grad-cam }', ''].join('\n'),
    );
    const result = hemocam(['validate', 'p.yaml'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning: @hemocam\/plugin-cam: using hemocam's own \d+\.\d+\.\d+ from .*, not the 9\.9\.9 in /);
    expect(existsSync(join(dir, 'shadow-loaded'))).toBe(false);
  });

  it('cam --model RUN imports the plugins its manifest names only with --trust-run-plugins', () => {
    const dir = workdir();
    plugin(dir, 'evil', OK_STAGE, "import { writeFileSync } from 'node:fs'; writeFileSync(new URL('../../evil-ran', import.meta.url), '');");
    mkdirSync(join(dir, 'run'));
    const text = ['apiVersion: hemocam/v1', 'plugins: ["../plugins/evil"]', 'stages:', '  s: { use: evil }', ''].join('\n');
    writeFileSync(join(dir, 'run', 'manifest.json'), JSON.stringify({ pipeline: text, stages: [] }));
    expect(hemocam(['synth', '--out', 'ph', '--cases', '1', '--size', '32', '--slices', '4', '--seed', '9'], dir).code).toBe(0);
    const refused = hemocam(['cam', '--model', 'run', '--input', 'ph/images/synth_0000.nii.gz', '--out', 'h.nii.gz'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/trained with plugin\(s\) \.\.\/plugins\/evil, which this command would import and run .*--trust-run-plugins/);
    expect(existsSync(join(dir, 'evil-ran'))).toBe(false);
    const trusted = hemocam(['cam', '--model', 'run', '--input', 'ph/images/synth_0000.nii.gz', '--out', 'h.nii.gz', '--trust-run-plugins'], dir);
    expect(trusted.stderr).toMatch(/loading the run's plugins \(--trust-run-plugins\): \.\.\/plugins\/evil/);
    expect(existsSync(join(dir, 'evil-ran'))).toBe(true);
    writeFileSync(join(dir, 'run', 'manifest.json'), '{ not json');
    expect(hemocam(['cam', '--model', 'run', '--input', 'ph/images/synth_0000.nii.gz', '--out', 'h.nii.gz'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/manifest\.json is not a hemocam run manifest/),
    });
  });
});
