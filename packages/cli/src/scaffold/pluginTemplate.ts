import { CORE_VERSION, PLUGIN_API_VERSION } from '@hemocam/core';

export interface TemplateOptions {
  /** npm package name, e.g. `hemocam-plugin-hu-window-otsu` or `@lab/hemocam-plugin-x`. */
  name: string;
  /** Stage id, kebab-case. */
  stageId: string;
}

const pascal = (id: string) => id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

/** The files of a new plugin package: path → contents. Plain ESM JavaScript with JSDoc types (checked by `tsc --checkJs` if wanted), no build step. */
export function pluginTemplate({ name, stageId }: TemplateOptions): Record<string, string> {
  const className = `${pascal(stageId)}Stage`;
  const coreRange = `^${CORE_VERSION}`;
  return {
    'package.json':
      JSON.stringify(
        {
          name,
          version: '0.1.0',
          description: `hemocam stage ${stageId}: a pseudo mask from an HU window inside the brain, thresholded by Otsu`,
          type: 'module',
          exports: { '.': './index.js', './package.json': './package.json' },
          files: ['index.js', 'README.md'],
          keywords: ['hemocam-plugin'],
          license: 'MIT',
          engines: { node: '>=20.19' },
          scripts: { test: 'node --test' },
          peerDependencies: { '@hemocam/core': coreRange, zod: '^4.0.0' },
          devDependencies: { '@hemocam/core': coreRange, zod: '^4.0.0' },
        },
        null,
        2,
      ) + '\n',
    'index.js': `// @ts-check
import { z } from 'zod';
import { readPackageMeta, volumeLike } from '@hemocam/core';

const configSchema = z
  .object({
    low: z.number().default(40).describe('Lowest HU of the window'),
    high: z.number().default(100).describe('Highest HU of the window'),
  })
  .strict();

/**
 * Otsu's threshold of a list of values (256 bins between their min and max): the level that
 * maximises the between-class variance. Written out here so the plugin needs only core and zod.
 * @param {number[]} values
 */
export function otsuThreshold(values) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  if (!(hi > lo)) return lo;
  const bins = new Float64Array(256);
  for (const v of values) bins[Math.min(255, Math.floor(((v - lo) / (hi - lo)) * 256))]++;
  let total = 0;
  for (let i = 0; i < 256; i++) total += i * bins[i];
  let below = 0;
  let sumBelow = 0;
  let best = 0;
  let level = 0;
  for (let i = 0; i < 256; i++) {
    below += bins[i];
    sumBelow += i * bins[i];
    const above = values.length - below;
    if (below === 0 || above === 0) continue;
    const between = below * above * (sumBelow / below - (total - sumBelow) / above) ** 2;
    if (between > best) (best = between), (level = i + 1);
  }
  return lo + (level / 256) * (hi - lo);
}

/**
 * Stage \`${stageId}\`: brain voxels inside an HU window, split by an Otsu threshold computed per
 * case over the window's voxels; the brighter class is the pseudo mask.
 * @implements {import('@hemocam/core').Stage}
 */
export class ${className} {
  static description = 'Pseudo mask: HU window inside the brain, split per case by Otsu';
  static configSchema = configSchema;
  static needs = ['volume', 'brainMask'];
  static provides = ['pseudoMask'];

  /** @param {z.output<typeof configSchema>} config */
  constructor(config) {
    this.config = config;
  }

  /** @param {import('@hemocam/core').Case} item */
  async run(item) {
    const volume = item.get('volume');
    const brain = /** @type {import('@hemocam/core').Volume} */ (item.get(/** @type {any} */ ('brainMask'))).data; // declared by @hemocam/plugin-resnet-lstm
    const { low, high } = this.config;
    const inWindow = [];
    for (let i = 0; i < volume.data.length; i++) if (brain[i] && volume.data[i] >= low && volume.data[i] <= high) inWindow.push(volume.data[i]);
    const level = inWindow.length > 0 ? otsuThreshold(inWindow) : Infinity;
    item.set(/** @type {any} */ ('pseudoMask'), volumeLike(volume, Uint8Array.from(volume.data, (v, i) => (brain[i] && v >= level && v <= high ? 1 : 0))));
  }

  dispose() {}
}

/** @type {import('@hemocam/core').Plugin} */
export default {
  meta: readPackageMeta(new URL('./package.json', import.meta.url)), // name and version as package.json says
  apiVersion: ${PLUGIN_API_VERSION},
  stages: { '${stageId}': ${className} },
  artifacts: { pseudoMask: { kind: 'mask', description: 'bright brain voxels inside the HU window' } },
};
`,
    'test/stage.test.js': `import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CaseStore, createStage, validatePipelineText } from '@hemocam/core';
import plugin, { ${className} } from '../index.js';

const here = join(import.meta.dirname, '..');

/** A 48×48×4 head: brain at 30–36 HU inside a mask, and a 70 HU bleed in slices 1–2. */
function head() {
  const [nx, ny, nz] = [48, 48, 4];
  const data = new Int16Array(nx * ny * nz);
  const brain = new Uint8Array(nx * ny * nz);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const i = x + nx * (y + ny * z);
        const r = Math.hypot(x - 23.5, y - 23.5);
        const bleed = z >= 1 && z <= 2 && Math.hypot(x - 28, y - 20) < 5;
        brain[i] = r <= 19 ? 1 : 0;
        data[i] = r > 22 ? -1000 : r > 19 ? 1200 : bleed ? 70 : 30 + ((x * 7 + y * 3 + z) % 7);
      }
  const grid = { dims: [nx, ny, nz], frames: 1, spacing: [1, 1, 5], affine: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 5, 0], [0, 0, 0, 1]], orientation: 'RAS' };
  return { volume: { ...grid, data }, brainMask: { ...grid, data: brain } };
}

test('${stageId} finds the bleed inside the brain mask', async () => {
  const item = new CaseStore('case0', /** @type {any} */ (head()));
  const stage = await createStage(${className}, { low: 40 }); // options checked and defaulted as a pipeline's are
  await stage.run(item);
  const found = Array.from(/** @type {any} */ (item.get('pseudoMask')).data).filter(Boolean).length;
  assert.ok(found >= 100 && found <= 200, \`expected the ~150-voxel bleed, found \${found} voxels\`);
});

test('unknown options of ${stageId} are refused with their YAML path', async () => {
  const lines = (options) => ['apiVersion: hemocam/v1', \`plugins: [\${JSON.stringify(here)}]\`, 'stages:', \`  pseudo: { use: ${stageId}, with: \${options} }\`].join('\\n');
  assert.equal(plugin.stages['${stageId}'], ${className});
  await assert.rejects(validatePipelineText(lines('{ lo: 40 }'), join(tmpdir(), 'p.yaml')), (error) => /stages\\.pseudo\\.with\\.lo/.test(JSON.stringify(error.issues)));
});
`,
    'README.md': `# ${name}

A [hemocam](https://github.com/hemocam/hemocam) plugin with one stage, \`${stageId}\`: brain voxels inside
an HU window, split per case by an Otsu threshold; the brighter class is the \`pseudoMask\`.

\`\`\`yaml
plugins: ["@hemocam/plugin-resnet-lstm", "${name}"]
stages:
  brain:  { use: brain-mask }
  pseudo: { use: ${stageId}, with: { low: 40, high: 100 } }
\`\`\`

| option | default | meaning |
| --- | --- | --- |
| \`low\` | 40 | lowest HU of the window |
| \`high\` | 100 | highest HU of the window |

Needs \`volume\` and \`brainMask\`; provides \`pseudoMask\`. Test: \`npm test\` (runs the stage on a small
synthetic head). It depends on \`@hemocam/core\` and \`zod\` only. Made with \`hemocam plugin new\`; see hemocam's
\`docs/plugins.md\` for the contract and how to publish.
`,
  };
}
