#!/usr/bin/env node
// hemocam benchmarks: prints one JSON object. Usage: npm run build && npm run bench [-- --quick]
// - ResNet-18 encoder (width 1) forward and train-step time, 128×128×1 and the default 256×256×3 input, batch 4
// - the whole ResNet-LSTM train step with 1 and 2 data-parallel replicas (the speed-up of the worker threads)
// - per-volume classifier inference on a 512×512×32 phantom (default config, ResNet-18 at 256²)
// - per-volume segmentation on that phantom: the training-free path (brain mask, classifier,
//   Grad-CAM++, hyperdense threshold, cam-guided) against the light-unet path (brain mask, U-Net)
// - core image operations on it: distance transform, 3 mm dilation, components, Gaussian smoothing
// - phantom generation time for one 512×512×32 case
// - peak RSS; and, where a Python with torch and torchvision is found ($HEMOCAM_BENCH_PYTHON, /usr/bin/python3,
//   python3), the same network in PyTorch (CPU, as many threads as cores) for a ratio, naming the interpreter.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { CaseStore, createStage } from '@hemocam/core';
import { dilate, distanceTransform, gaussianSmooth, labelComponents } from '@hemocam/imaging';
import { prepareVolume, saveModels, selectBackend, tensorContainer } from '@hemocam/tensor';
import { synthCase } from '@hemocam/phantom';
import { brainMask, BrainMaskStage, buildClassifier, predictSlices, slicesFromPooled, ReplicaPool, ResNetLstmStage, resnetLstmConfigSchema, saveClassifier } from '@hemocam/plugin-resnet-lstm';
import camPlugin from '@hemocam/plugin-cam';
import pseudoPlugin from '@hemocam/plugin-pseudomask';
import { buildUnet, CamGuidedStage, LightUnetStage, lightUnetConfigSchema } from '@hemocam/plugin-refine';

const quick = process.argv.includes('--quick');
const repeats = quick ? 2 : 5;
const { tf, name: backend } = await selectBackend(process.env.HEMOCAM_BACKEND ?? 'auto');
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const time = async (fn) => {
  await fn(); // warm-up
  const samples = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return Math.round(median(samples));
};

/** The ResNet-18 encoder alone (as torchvision's resnet18 trunk) on [4, size, size, channels]: forward, and a train step on mean(features). */
async function encoderTimes(size, channels) {
  const config = resnetLstmConfigSchema.parse({ depth: 18, width: 1, slices: 3, inputSize: size, windows: Array.from({ length: channels }, () => ({ center: 40, width: 80 })) });
  const model = buildClassifier(tf, config, 1);
  const x = tf.randomUniform([4, size, size, channels]);
  const vars = model.encoder.trainableWeights.map((w) => w.read());
  const optimizer = tf.train.adam(1e-3);
  const forwardMs = await time(() => tf.tidy(() => model.encoder.apply(x, { training: false }).mean().dataSync()));
  const trainStepMs = await time(() => tf.tidy(() => optimizer.minimize(() => model.encoder.apply(x, { training: true }).mean(), true, vars).dataSync()));
  x.dispose();
  optimizer.dispose();
  for (const m of [model.encoder, model.head, model.aux]) m.dispose();
  return { forwardMs, trainStepMs };
}

/** Train-step time of the whole ResNet-LSTM in the data-parallel pool, 1 and 2 replicas (ResNet-18, 128×128×1, 4 windows of 3 slices). */
async function dataParallel() {
  const config = resnetLstmConfigSchema.parse({ depth: 18, width: 1, slices: 3, inputSize: 128, batchSize: 4, windows: [{ center: 40, width: 80 }] });
  const x = new Float32Array(4 * 3 * 128 * 128).map((_, i) => (i % 97) / 97);
  const y = Float32Array.from([0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1]);
  const out = {};
  for (const replicas of [1, 2]) {
    const model = buildClassifier(tf, config, 1);
    const optimizer = tf.train.adam(1e-3);
    const pool = await ReplicaPool.create(tf, model, optimizer, config, 1, backend, replicas);
    out[`replicas${replicas}StepMs`] = await time(() => pool.step(x.slice(), y.slice(), 1, 1e-3));
    await pool.dispose();
    optimizer.dispose();
    for (const m of [model.encoder, model.head, model.aux]) m.dispose();
  }
  out.speedup = +(out.replicas1StepMs / out.replicas2StepMs).toFixed(2);
  return out;
}

/**
 * The Python that has PyTorch and torchvision: $HEMOCAM_BENCH_PYTHON if set, else Debian's
 * /usr/bin/python3 (python3 on PATH may be another interpreter, e.g. pyenv's, without torch),
 * else python3 from PATH.
 */
function torchPython() {
  const candidates = [process.env.HEMOCAM_BENCH_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean);
  return candidates.find((python) => {
    try {
      execFileSync(python, ['-c', 'import torch, torchvision'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
}

function torchTimes() {
  const python = torchPython();
  if (!python)
    return {
      available: false,
      note: 'no Python with torch and torchvision ($HEMOCAM_BENCH_PYTHON, /usr/bin/python3, python3 tried); no PyTorch comparison (Debian: apt-get install python3-torch python3-torchvision)',
    };
  const script = `
import time, torch, torchvision, json
torch.set_num_threads(${os.availableParallelism()})
m = torchvision.models.resnet18(num_classes=1); m.conv1 = torch.nn.Conv2d(1, 64, 7, 2, 3, bias=False)
x = torch.randn(4, 1, 128, 128); opt = torch.optim.Adam(m.parameters())
def fwd():
    with torch.no_grad(): m(x)
def step():
    opt.zero_grad(); m(x).sum().backward(); opt.step()
out = {}
for name, f in (("forwardMs", fwd), ("trainStepMs", step)):
    f(); s = []
    for _ in range(${repeats}):
        t = time.perf_counter(); f(); s.append((time.perf_counter() - t) * 1000)
    out[name] = round(sorted(s)[len(s) // 2])
print(json.dumps(out))`;
  const version = execFileSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).trim();
  return { available: true, python, torch: version, threads: os.availableParallelism(), ...JSON.parse(execFileSync(python, ['-c', script], { encoding: 'utf8' })) };
}

const result = { date: new Date().toISOString(), machine: { cpus: os.availableParallelism(), model: os.cpus()[0]?.model, node: process.version }, backend };
const t0 = performance.now();
const phantom = synthCase(1, { positive: true });
result.phantom512x32Ms = Math.round(performance.now() - t0);
result.resnet18_128x128x1_batch4 = await encoderTimes(128, 1);
result.dataParallel_resnetLstm18_128x128x1_4x3slices = await dataParallel();
if (!quick) result.resnet18_256x256x3_batch4 = await encoderTimes(256, 3);
{
  // Classifier inference on one volume: one thread, then slices shared by this thread and a worker.
  const config = resnetLstmConfigSchema.parse({});
  const model = buildClassifier(tf, config, 1);
  const t = performance.now();
  const prepared = prepareVolume(tf, phantom.image, config.windows, config.inputSize);
  const slices = tf.tensor4d(prepared.data, [prepared.slices, prepared.size, prepared.size, prepared.channels]);
  predictSlices(tf, model, slices, config.slices);
  slices.dispose();
  result.classifierInference512x512x32Ms = Math.round(performance.now() - t);
  const optimizer = tf.train.adam();
  const pool = await ReplicaPool.create(tf, model, optimizer, config, 1, backend, 2);
  const shape = [prepared.slices, prepared.size, prepared.size, prepared.channels];
  const parallelMs = await time(async () => slicesFromPooled(tf, model, await pool.encode(prepared.data, shape), prepared.slices, config.slices));
  const singleMs = await time(() => {
    const x = tf.tensor4d(prepared.data, shape);
    predictSlices(tf, model, x, config.slices);
    x.dispose();
  });
  result.classifierEncodeAndHead512x512x32 = { oneThreadMs: singleMs, twoReplicasMs: parallelMs, speedup: +(singleMs / parallelMs).toFixed(2) };
  await pool.dispose();
  optimizer.dispose();
  for (const m of [model.encoder, model.head, model.aux]) m.dispose();
}
{
  // Image operations on the 512×512×32 phantom.
  const { dims, spacing } = phantom.image;
  const mask = brainMask(phantom.image).data;
  const ops = {};
  ops.distanceTransformMs = await time(() => distanceTransform(mask, dims, spacing));
  ops.dilate3mmMs = await time(() => dilate(mask, dims, spacing, 3));
  ops.labelComponentsMs = await time(() => labelComponents(mask, dims));
  ops.gaussianSmooth2mmMs = await time(() =>
    gaussianSmooth(
      phantom.image.data,
      dims,
      spacing.map((s) => 2 / s),
    ),
  );
  result.imageOps512x512x32 = ops;
}
{
  // Per-volume segmentation: the training-free path against the light-unet path (untrained weights: timing only).
  const stateRoot = mkdtempSync(join(os.tmpdir(), 'hemocam-bench-'));
  const classifierConfig = resnetLstmConfigSchema.parse({});
  const stateOf = (key) => join(stateRoot, 'stages', key);
  await saveClassifier(tf, buildClassifier(tf, classifierConfig, 1), join(stateOf('classify'), 'model'));
  const services = tensorContainer({ stateRoot, backend });
  const built = [];
  const build = async (Stage, config, key) => {
    const stage = await createStage(Stage, config, services, key);
    built.push(stage);
    return stage;
  };
  const runPath = async (stages) => {
    const item = new CaseStore('bench', { volume: phantom.image });
    for (const [stage] of stages) await stage.run(item);
  };
  const brain = [await build(BrainMaskStage, {}, 'brain'), 'brain'];
  const fullPath = [
    brain,
    [await build(ResNetLstmStage, {}, 'classify'), 'classify'],
    [await build(camPlugin.stages['grad-cam-plus-plus'], {}, 'cam'), 'cam'],
    [await build(pseudoPlugin.stages['hyperdense-threshold'], {}, 'pseudo'), 'pseudo'],
    [await build(CamGuidedStage, {}, 'refine'), 'refine'],
  ];
  const segmentation = { trainingFreePathMs: await time(() => runPath(fullPath)) };
  for (const inputSize of [64, 256]) {
    const key = `unet${inputSize}`;
    await saveModels(tf, { unet: buildUnet(tf, lightUnetConfigSchema.parse({ inputSize }), 1) }, join(stateOf(key), 'model'));
    const unet = await build(LightUnetStage, { inputSize }, key);
    segmentation[`lightUnet${inputSize}PathMs`] = await time(() => runPath([brain, [unet, key]]));
  }
  segmentation.speedupAt64 = +(segmentation.trainingFreePathMs / segmentation.lightUnet64PathMs).toFixed(1);
  segmentation.speedupAt256 = +(segmentation.trainingFreePathMs / segmentation.lightUnet256PathMs).toFixed(1);
  result.segmentation512x512x32 = segmentation;
  // The classifier stage keeps a pool of worker threads: undisposed, they kept the bench from ever exiting.
  for (const stage of built) await stage.dispose?.();
}
result.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
result.pytorch = torchTimes();
if (result.pytorch.available) {
  result.ratio = {
    forward: +(result.resnet18_128x128x1_batch4.forwardMs / result.pytorch.forwardMs).toFixed(2),
    trainStep: +(result.resnet18_128x128x1_batch4.trainStepMs / result.pytorch.trainStepMs).toFixed(2),
  };
}
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
