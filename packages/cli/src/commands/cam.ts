import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import type { Tensor4D } from '@tensorflow/tfjs';
import { parse, stringify } from 'yaml';
import { BACKENDS, HemocamError, validatePipelineText, volumeLike, type BackendName, type Logger, type Volume } from '@hemocam/core';
import { loadCaseVolume, readNifti, writeNifti, type CaseSource } from '@hemocam/io';
import { loadLayersModel, selectBackend } from '@hemocam/tensor';
import { MANIFEST, runInference, type RunManifest } from '@hemocam/runner';
import { overlayHeat, renderSlice, writePng } from '@hemocam/render';
import { CAM_METHODS, computeCam, layersModelSubject, scoreTarget } from '@hemocam/plugin-cam';
import { createCliLogger } from '../cliLogger.js';
import { createCliProgress } from '../cliProgress.js';
import { openCases } from './openCases.js';

interface CamArgs {
  model: string;
  input: string;
  out: string;
  method: string;
  layer?: string;
  target: string;
  png?: string;
  backend?: BackendName;
  force: boolean;
  quiet: boolean;
  'trust-run-plugins': boolean;
}

/**
 * `hemocam cam`: one heat map outside a pipeline, from a trained run (its classifier stage)
 * or from any tfjs model.json classifying axial slices.
 */
export const camCommand: CommandModule<object, CamArgs> = {
  command: 'cam',
  describe: 'Class activation map of one scan from a trained run or a tfjs model.json, as a NIfTI heat map (and PNG overlays)',
  builder: (y) =>
    y
      .option('model', { type: 'string', demandOption: true, describe: 'A run directory from `hemocam train` (uses its classifier stage) or a tfjs model.json' })
      .option('input', { type: 'string', demandOption: true, describe: 'One scan: .nii/.nii.gz, or a DICOM series folder' })
      .option('out', { type: 'string', demandOption: true, describe: 'Heat map to write (.nii.gz, float32 in [0, 1] on the scan grid)' })
      .option('method', { choices: Object.keys(CAM_METHODS), default: 'grad-cam', describe: 'CAM method' })
      .option('layer', { type: 'string', describe: "Layer to take maps at (default: the model's last feature-map layer)" })
      .option('target', { type: 'string', default: 'positive', describe: 'positive | negative (binary logit) or a class index' })
      .option('png', { type: 'string', describe: 'Also write one PNG per slice: brain window with the map in a colour map' })
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the assertion types the option for yargs' inference, which the rule does not see
      .option('backend', { choices: BACKENDS, default: 'auto' as BackendName, describe: 'Tensor backend' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace --out (and PNGs) if they exist' })
      .option('quiet', { type: 'boolean', default: false, describe: 'Only warnings and errors' })
      .option('trust-run-plugins', { type: 'boolean', default: false, describe: "Import the plugins the run's manifest names besides hemocam's own (plugins are code)" })
      .example('$0 cam --model runs/demo --method grad-cam-plus-plus --input scan.nii.gz --out heat.nii.gz --png heat/', '')
      .example('$0 cam --model my-model/model.json --layer conv5 --input scan.nii.gz --out heat.nii.gz', ''),
  handler: async (args) => {
    const logger = createCliLogger({ quiet: args.quiet });
    const out = resolve(args.out);
    if (existsSync(out) && !args.force) throw new HemocamError('EXISTS', `${args.out} already exists; choose another --out or pass --force to replace it`, { file: out });
    const target = /^\d+$/.test(args.target) ? Number(args.target) : args.target;
    if (typeof target === 'string' && target !== 'positive' && target !== 'negative') throw new HemocamError('USAGE', `--target must be positive, negative or a class index, not '${args.target}'`);
    const cases = await openCases(args.input, undefined, logger);
    const [source] = cases;
    if (cases.length !== 1 || !source) throw new HemocamError('USAGE', `--input ${args.input} holds ${cases.length} scans; give one file or one DICOM series folder`, { file: args.input });
    const pngClash = args.png && !args.force && existsSync(args.png) ? readdirSync(args.png).find((f) => f.startsWith(`${source.id}_z`) && f.endsWith('.png')) : undefined;
    if (pngClash) throw new HemocamError('EXISTS', `${join(args.png!, pngClash)} already exists; choose another --png folder or pass --force`, { file: pngClash });
    const isRun = statSync(args.model, { throwIfNoEntry: false })?.isDirectory();
    if (isRun) await camFromRun(args, target, source, out, logger);
    else await camFromModelJson(args, target, source, out, logger);
    logger.info(`wrote ${args.out}`);
    if (args.png) await writeOverlays(args.png, source.id, await loadCaseVolume(source, logger), await readNifti(out));
  },
};

/** The run's classifier stage followed by the chosen CAM stage, through the ordinary inference runner. */
async function camFromRun(args: CamArgs, target: string | number, source: CaseSource, out: string, logger: Logger): Promise<void> {
  const manifestPath = join(args.model, MANIFEST);
  if (!existsSync(manifestPath)) throw new HemocamError('INPUT', `${args.model} is not a run directory (no ${MANIFEST}); train one with hemocam train, or give a model.json`, { file: args.model });
  let manifest: RunManifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as RunManifest;
    if (typeof manifest.pipeline !== 'string') throw new Error('it has no "pipeline" text');
  } catch (error) {
    throw new HemocamError('INPUT', `${manifestPath} is not a hemocam run manifest (${(error as Error).message}); give a run folder made by hemocam train`, { file: manifestPath, cause: error });
  }
  // Plugins are code: the run's own (not hemocam's built-ins) are imported only when the user says so.
  const named = (parse(manifest.pipeline) as { plugins?: unknown } | null)?.plugins;
  const foreign = (Array.isArray(named) ? named : []).filter((p): p is string => typeof p === 'string' && !p.startsWith('@hemocam/'));
  if (foreign.length > 0 && !args['trust-run-plugins']) {
    throw new HemocamError(
      'USAGE',
      `run ${args.model} was trained with plugin(s) ${foreign.join(', ')}, which this command would import and run (plugins are code); pass --trust-run-plugins if you trust them`,
      { file: manifestPath },
    );
  }
  if (foreign.length > 0) logger.info(`loading the run's plugins (--trust-run-plugins): ${foreign.join(', ')}`);
  const pipelineFile = join(resolve(args.model), 'pipeline.yaml');
  const trained = await validatePipelineText(manifest.pipeline, pipelineFile);
  const classifier = trained.stages.find((s) => s.provides.includes('classifier'));
  if (!classifier) throw new HemocamError('INPUT', `the pipeline of run ${args.model} has no stage that provides a classifier (such as resnet-lstm)`, { file: manifestPath });
  const document = parse(manifest.pipeline) as { plugins?: string[]; stages: Record<string, Record<string, unknown>> }; // validated above
  const camKey = classifier.key === 'cam' ? 'heat' : 'cam';
  const plugins: string[] = document.plugins ?? [];
  document.plugins = plugins.includes('@hemocam/plugin-cam') ? plugins : [...plugins, '@hemocam/plugin-cam'];
  const options = { target, ...(args.layer ? { layer: args.layer } : {}) };
  document.stages = { [classifier.key]: { ...document.stages[classifier.key], trainOnly: false }, [camKey]: { use: args.method, with: options } };
  const pipeline = await validatePipelineText(stringify(document), pipelineFile);
  const staging = `${out}.partial-${process.pid}`;
  await mkdir(staging, { recursive: true });
  try {
    const report = await runInference({
      pipeline,
      cases: [source],
      runDir: args.model,
      outDir: staging,
      logger: { ...logger, info: () => undefined },
      progress: createCliProgress({ quiet: args.quiet }),
      backend: args.backend,
    });
    const [failure] = report.failed;
    // A wrong --layer or --target surfaces as the stage's CONFIG error: the user's to fix (exit 2).
    if (failure) throw new HemocamError(failure.code ?? 'RUNTIME', `${source.id}: ${failure.message}`, { file: source.path });
    await mkdir(dirname(out), { recursive: true });
    await rename(join(staging, `${source.id}_cam.nii.gz`), out);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Any tfjs LayersModel that classifies one axial slice [H, W, C]: each slice is resized to
 * H×W, put in the brain window (0–80 HU → 0–1) and repeated over the C channels.
 */
async function camFromModelJson(args: CamArgs, target: string | number, source: CaseSource, out: string, logger: Logger): Promise<void> {
  if (basename(args.model) !== 'model.json' || !existsSync(args.model))
    throw new HemocamError('INPUT', `--model ${args.model}: give a run directory or an existing tfjs model.json`, { file: args.model });
  const { tf } = await selectBackend(args.backend);
  const model = await loadLayersModel(tf, dirname(args.model));
  try {
    const shape = model.inputs[0]?.shape ?? [];
    if (shape.length !== 4) throw new HemocamError('INPUT', `${args.model}: input shape [${shape.join(', ')}] is not one 2-D slice [batch, H, W, C]`, { file: args.model });
    const [, h, w, c] = shape as [number | null, number, number, number];
    const volume = await loadCaseVolume(source, logger);
    const [nx, ny, nz] = volume.dims;
    const input = tf.tidy(() => {
      const slices = tf.tensor4d(Float32Array.from(volume.data), [nz, ny, nx, 1]);
      const windowed = tf.clipByValue(tf.div(slices, 80), 0, 1) as Tensor4D;
      return tf.tile(tf.image.resizeBilinear(windowed, [h, w], true), [1, 1, 1, c]);
    });
    const subject = layersModelSubject(model);
    let maps: Float32Array;
    try {
      maps = computeCam(tf, args.method, subject, input, { layer: args.layer, target: scoreTarget(target as never) }).maps;
    } finally {
      input.dispose();
    }
    // Not returned from tidy, which would walk the millions of values looking for tensors; clamped in tfjs, not by Float32Array.from(heat, fn) (~50× slower).
    let heat: Float32Array = new Float32Array(0);
    tf.tidy(() => {
      heat = tf.clipByValue(tf.image.resizeBilinear(tf.tensor4d(maps, [nz, h, w, 1]), [ny, nx], true), 0, 1).dataSync() as Float32Array;
    });
    await writeNifti(out, volumeLike(volume, heat), 'heatmap');
  } finally {
    model.dispose();
  }
}

/** One PNG per slice: `DIR/<id>_z<NNN>.png`. */
async function writeOverlays(dir: string, id: string, volume: Volume, heat: Volume): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let z = 0; z < volume.dims[2]; z++) await writePng(join(dir, `${id}_z${String(z).padStart(3, '0')}.png`), overlayHeat(renderSlice(volume, z), heat, z));
}
