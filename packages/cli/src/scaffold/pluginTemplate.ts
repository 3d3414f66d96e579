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
import { brainMask, otsuThreshold, readPackageMeta, removeSmallComponents, volumeLike } from '@hemocam/core';

const configSchema = z
  .object({
    low: z.number().default(40).describe('Lowest HU of the window'),
    high: z.number().default(100).describe('Highest HU of the window'),
    minVolumeMm3: z.number().min(0).default(30).describe('Drop 3-D components smaller than this'),
  })
  .strict();

/**
 * Stage \`${stageId}\`: brain voxels inside an HU window, split by an Otsu threshold computed per
 * case over the window's voxels; the brighter class, without small components, is the pseudo mask.
 * @implements {import('@hemocam/core').Stage}
 */
export class ${className} {
  static description = 'Pseudo mask: HU window inside the brain, split per case by Otsu';
  static configSchema = configSchema;
  static needs = ['volume'];
  static provides = ['pseudoMask'];

  /** @param {z.output<typeof configSchema>} config @param {import('@hemocam/core').StageContext} ctx */
  constructor(config, ctx) {
    this.config = config;
    this.ctx = ctx;
  }

  /** @param {import('@hemocam/core').Case} item */
  async run(item) {
    const volume = /** @type {import('@hemocam/core').Volume} */ (item.artifacts.get('volume'));
    const brain = brainMask(volume).data;
    const { low, high, minVolumeMm3 } = this.config;
    const inWindow = [];
    for (let i = 0; i < volume.data.length; i++) if (brain[i] && volume.data[i] >= low && volume.data[i] <= high) inWindow.push(volume.data[i]);
    const level = inWindow.length > 0 ? otsuThreshold(inWindow) : Infinity;
    const mask = Uint8Array.from(volume.data, (v, i) => (brain[i] && v >= level && v <= high ? 1 : 0));
    const [sx, sy, sz] = volume.spacing;
    item.artifacts.set('pseudoMask', volumeLike(volume, removeSmallComponents(mask, volume.dims, Math.ceil(minVolumeMm3 / (sx * sy * sz)))));
  }

  dispose() {}
}

/** @type {import('@hemocam/core').Plugin} */
export default {
  meta: readPackageMeta(new URL('./package.json', import.meta.url)), // name and version as package.json says
  apiVersion: ${PLUGIN_API_VERSION},
  stages: { '${stageId}': ${className} },
};
`,
    'test/stage.test.js': `import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDataset, readNifti, runInference, validatePipelineText, writeNifti } from '@hemocam/core';

const here = join(import.meta.dirname, '..');
const quiet = { info() {}, warn() {}, debug() {} };
const progress = { start: () => ({ tick() {}, done() {} }) };

/** A 48×48×4 head: air, a 6 mm skull ring, brain at 30–36 HU, and a 70 HU bleed in slices 1–2. */
function head() {
  const [nx, ny, nz] = [48, 48, 4];
  const data = new Int16Array(nx * ny * nz);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const r = Math.hypot(x - 23.5, y - 23.5);
        const bleed = z >= 1 && z <= 2 && Math.hypot(x - 28, y - 20) < 5;
        data[x + nx * (y + ny * z)] = r > 22 ? -1000 : r > 19 ? 1200 : bleed ? 70 : 30 + ((x * 7 + y * 3 + z) % 7);
      }
  return { data, dims: [nx, ny, nz], frames: 1, spacing: [1, 1, 5], affine: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 5, 0], [0, 0, 0, 1]], orientation: 'RAS' };
}

test('${stageId} runs through the real hemocam runner and finds the bleed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plugin-test-'));
  await writeNifti(join(dir, 'data', 'case0.nii.gz'), /** @type {any} */ (head()), 'image');
  const yaml = ['apiVersion: hemocam/v1', \`plugins: [\${JSON.stringify(here)}]\`, 'backend: cpu', 'stages:', '  pseudo: { use: ${stageId}, with: { low: 40 } }'].join('\\n');
  const pipeline = await validatePipelineText(yaml, join(dir, 'pipeline.yaml'));
  const { cases } = await openDataset(join(dir, 'data'));
  const report = await runInference({ pipeline, cases, runDir: join(dir, 'run'), outDir: join(dir, 'out'), logger: quiet, progress });
  assert.deepEqual(report.failed, []);
  assert.deepEqual(readdirSync(join(dir, 'out')), ['case0_pseudoMask.nii.gz']);
  const mask = await readNifti(join(dir, 'out', 'case0_pseudoMask.nii.gz'));
  const found = Array.from(mask.data).filter(Boolean).length;
  assert.ok(found >= 100 && found <= 200, \`expected the ~150-voxel bleed, found \${found} voxels\`);
});

test('${stageId} rejects unknown options with their YAML path', async () => {
  const yaml = ['apiVersion: hemocam/v1', \`plugins: [\${JSON.stringify(here)}]\`, 'stages:', '  pseudo: { use: ${stageId}, with: { lo: 40 } }'].join('\\n');
  await assert.rejects(validatePipelineText(yaml, join(tmpdir(), 'p.yaml')), (error) => /stages\\.pseudo\\.with\\.lo/.test(JSON.stringify(error.issues)));
});
`,
    'README.md': `# ${name}

A [hemocam](https://github.com/hemocam/hemocam) plugin with one stage, \`${stageId}\`: brain voxels inside
an HU window, split per case by an Otsu threshold; the brighter class is the \`pseudoMask\`.

\`\`\`yaml
plugins: ["@hemocam/plugin-resnet-lstm", "${name}"]
stages:
  brain:  { use: brain-mask }
  pseudo: { use: ${stageId}, with: { low: 40, high: 100, minVolumeMm3: 30 } }
\`\`\`

| option | default | meaning |
| --- | --- | --- |
| \`low\` | 40 | lowest HU of the window |
| \`high\` | 100 | highest HU of the window |
| \`minVolumeMm3\` | 30 | components smaller than this are dropped |

Needs \`volume\`; provides \`pseudoMask\`. Test: \`npm test\` (runs the stage through the real
hemocam runner on a small synthetic head). Made with \`hemocam plugin new\`; see hemocam's
\`docs/plugins.md\` for the contract and how to publish.
`,
  };
}
