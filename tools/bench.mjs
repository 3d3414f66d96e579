#!/usr/bin/env node
// hemocam benchmarks: prints one JSON object. Usage: npm run build && npm run bench [-- --quick]
// - ResNet-18 encoder (width 1) forward and train-step time, 128×128×1 and the default 256×256×3 input, batch 4
// - the whole ResNet-LSTM train step with 1 and 2 data-parallel replicas (the speed-up of the worker threads)
// - per-volume classifier inference on a 512×512×32 phantom (default config, ResNet-18 at 256²)
// - per-volume segmentation on that phantom: the training-free path (brain mask, classifier,
//   Grad-CAM++, hyperdense threshold, cam-guided) against the light-unet path (brain mask, U-Net)
// - core image operations on it: distance transform, 3 mm dilation, components, Gaussian smoothing
// - phantom generation time for one 512×512×32 case
// - the light U-Net train step at its default size (64², 2 windows, 12 filters, batch 16, BCE + soft Dice, Adam)
// - peak RSS of the light test-time path on a 512×512×64 volume (in a child process of its own)
// - peak RSS; and, where a Python with torch and torchvision is found ($HEMOCAM_BENCH_PYTHON, /usr/bin/python3,
//   python3), the same networks in PyTorch (CPU, as many threads as cores) for a ratio, naming the interpreter;
// - all of it again with the native kernels off (a child process with HEMOCAM_NATIVE=0), so that the gain is one
//   run's ratio (`nativeOff`, `ratio.nativeGain`).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { CaseStore, createStage } from '@hemocam/core';
import { dilate, distanceTransform, gaussianSmooth, labelComponents } from '@hemocam/imaging';
import { createAdam, prepareVolume, saveModels, selectBackend, tensorContainer } from '@hemocam/tensor';
import { synthCase } from '@hemocam/phantom';
import { brainMask, BrainMaskStage, buildClassifier, predictSlices, slicesFromPooled, ReplicaPool, ResNetLstmStage, resnetLstmConfigSchema, saveClassifier } from '@hemocam/plugin-resnet-lstm';
import camPlugin from '@hemocam/plugin-cam';
import pseudoPlugin from '@hemocam/plugin-pseudomask';
import { buildUnet, CamGuidedStage, LightUnetStage, lightUnetConfigSchema, segmentationLoss } from '@hemocam/plugin-refine';

const quick = process.argv.includes('--quick');
const repeats = quick ? 2 : 5;
/** 'wasm' in the child that measures with the native kernels off; 'rss64' in the child that measures peak RSS on 512×512×64. */
const part = process.env.HEMOCAM_BENCH_PART;
const { tf, name: backend, native } = await selectBackend(process.env.HEMOCAM_BACKEND ?? 'auto');
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
  const optimizer = createAdam(tf, 1e-3);
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
    const optimizer = createAdam(tf, 1e-3);
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
nn = torch.nn
def block(i, o):
    return [nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU(), nn.Conv2d(o, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU()]
class Unet(nn.Module):
    def __init__(s, c=2, f=12):
        super().__init__()
        s.down = nn.ModuleList([nn.Sequential(*block(i, o)) for i, o in ((c, f), (f, 2 * f), (2 * f, 4 * f))])
        s.mid = nn.Sequential(*block(4 * f, 8 * f))
        s.up = nn.ModuleList([nn.ConvTranspose2d(2 ** (l + 1) * f, 2 ** l * f, 2, 2) for l in (2, 1, 0)])
        s.dec = nn.ModuleList([nn.Sequential(*block(2 ** (l + 1) * f, 2 ** l * f)) for l in (2, 1, 0)])
        s.logit = nn.Conv2d(f, 1, 1)
    def forward(s, x):
        skips = []
        for d in s.down:
            x = d(x); skips.append(x); x = nn.functional.max_pool2d(x, 2)
        x = s.mid(x)
        for u, d, k in zip(s.up, s.dec, reversed(skips)):
            x = d(torch.cat([u(x), k], 1))
        return s.logit(x)
u = Unet(); ux = torch.randn(16, 2, 64, 64); uy = (torch.rand(16, 1, 64, 64) > 0.9).float(); uopt = torch.optim.Adam(u.parameters())
def ustep():
    uopt.zero_grad(); z = u(ux); p = torch.sigmoid(z)
    loss = nn.functional.binary_cross_entropy_with_logits(z, uy) + 1 - (2 * (p * uy).sum() + 1) / (p.sum() + uy.sum() + 1)
    loss.backward(); uopt.step()
ustep(); s = []
for _ in range(${repeats}):
    t = time.perf_counter(); ustep(); s.append((time.perf_counter() - t) * 1000)
out["unetTrainStepMs"] = round(sorted(s)[len(s) // 2])
print(json.dumps(out))`;
  const version = execFileSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).trim();
  return { available: true, python, torch: version, threads: os.availableParallelism(), ...JSON.parse(execFileSync(python, ['-c', script], { encoding: 'utf8' })) };
}

/**
 * The light U-Net's train step at its defaults (64², 2 windows, 12 filters, batch 16): BCE + soft Dice, Adam.
 * Without the slice head (a pooled dense layer, a negligible share of the step), so that it is the network PyTorch runs.
 */
async function unetTrainStepMs() {
  const config = lightUnetConfigSchema.parse({ sliceHead: false });
  const model = buildUnet(tf, config, 1);
  const x = tf.randomUniform([config.batchSize, config.inputSize, config.inputSize, config.windows.length]);
  const y = tf.randomUniform([config.batchSize, config.inputSize, config.inputSize, 1]).greater(0.9).toFloat();
  const optimizer = createAdam(tf, 1e-3);
  const ms = await time(() => tf.tidy(() => optimizer.minimize(() => segmentationLoss(tf, model.apply(x, { training: true }), y, config.diceWeight), true).dataSync()));
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  return ms;
}

/** Stages built on the test-time services of a bench state folder (a saved untrained classifier and U-Nets: timing only). */
async function benchStages() {
  const stateRoot = mkdtempSync(join(os.tmpdir(), 'hemocam-bench-'));
  const stateOf = (key) => join(stateRoot, 'stages', key);
  await saveClassifier(tf, buildClassifier(tf, resnetLstmConfigSchema.parse({}), 1), join(stateOf('classify'), 'model'));
  const services = tensorContainer({ stateRoot, backend });
  const built = [];
  const build = async (Stage, config, key) => {
    const stage = await createStage(Stage, config, services, key);
    built.push(stage);
    return [stage, key];
  };
  const unet = async (inputSize) => {
    const key = `unet${inputSize}`;
    await saveModels(tf, { unet: buildUnet(tf, lightUnetConfigSchema.parse({ inputSize }), 1) }, join(stateOf(key), 'model'));
    return build(LightUnetStage, { inputSize }, key);
  };
  const runPath = async (stages, volume) => {
    const item = new CaseStore('bench', { volume });
    for (const [stage] of stages) await stage.run(item);
  };
  // The classifier stage keeps a pool of worker threads: undisposed, they kept the bench from ever exiting.
  const dispose = async () => {
    for (const stage of built) await stage.dispose?.();
  };
  return { build, unet, runPath, dispose };
}

/** Run this script again in a child process with extra environment variables; its JSON. */
function child(env) {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out);
}

const print = (value) => process.stdout.write(JSON.stringify(value, null, 2) + '\n');
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

if (part === 'rss64') {
  // Peak RSS of the light test-time path (brain mask, U-Net at 64²) on one 512×512×64 volume, alone in its process.
  const volume = synthCase(2, { positive: true, slices: 64 }).image;
  const stages = await benchStages();
  const path = [await stages.build(BrainMaskStage, {}, 'brain'), await stages.unet(64)];
  const t = performance.now();
  await stages.runPath(path, volume);
  const ms = Math.round(performance.now() - t);
  await stages.dispose();
  print({ lightUnet64PathMs: ms, peakRssMb: peakRssMb() });
  process.exit(0);
}

const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.availableParallelism(), model: os.cpus()[0]?.model, node: process.version },
  backend,
  native: native?.active ? { isa: native.isa, threads: native.threads } : (native?.reason ?? 'none'),
};
const t0 = performance.now();
const phantom = synthCase(1, { positive: true });
result.phantom512x32Ms = Math.round(performance.now() - t0);
result.resnet18_128x128x1_batch4 = await encoderTimes(128, 1);
result.unet64x64x2_batch16_trainStepMs = await unetTrainStepMs();
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
  const optimizer = createAdam(tf, 1e-3);
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
  const stages = await benchStages();
  const brain = await stages.build(BrainMaskStage, {}, 'brain');
  const fullPath = [
    brain,
    await stages.build(ResNetLstmStage, {}, 'classify'),
    await stages.build(camPlugin.stages['grad-cam-plus-plus'], {}, 'cam'),
    await stages.build(pseudoPlugin.stages['hyperdense-threshold'], {}, 'pseudo'),
    await stages.build(CamGuidedStage, {}, 'refine'),
  ];
  const segmentation = { trainingFreePathMs: await time(() => stages.runPath(fullPath, phantom.image)) };
  for (const inputSize of [64, 256]) {
    const unet = await stages.unet(inputSize);
    segmentation[`lightUnet${inputSize}PathMs`] = await time(() => stages.runPath([brain, unet], phantom.image));
  }
  segmentation.speedupAt64 = +(segmentation.trainingFreePathMs / segmentation.lightUnet64PathMs).toFixed(1);
  segmentation.speedupAt256 = +(segmentation.trainingFreePathMs / segmentation.lightUnet256PathMs).toFixed(1);
  result.segmentation512x512x32 = segmentation;
  await stages.dispose();
}
result.peakRssMb = peakRssMb();
if (part === 'wasm') {
  print(result);
  process.exit(0);
}
result.lightPath512x512x64 = child({ HEMOCAM_BENCH_PART: 'rss64' });
const ratios = (a, b) => ({
  forward: +(a.resnet18_128x128x1_batch4.forwardMs / b.resnet18_128x128x1_batch4.forwardMs).toFixed(2),
  trainStep: +(a.resnet18_128x128x1_batch4.trainStepMs / b.resnet18_128x128x1_batch4.trainStepMs).toFixed(2),
  unetTrainStep: +(a.unet64x64x2_batch16_trainStepMs / b.unet64x64x2_batch16_trainStepMs).toFixed(2),
});
result.ratio = {};
if (typeof result.native === 'object') {
  const off = child({ HEMOCAM_BENCH_PART: 'wasm', HEMOCAM_NATIVE: '0' });
  result.nativeOff = {
    resnet18_128x128x1_batch4: off.resnet18_128x128x1_batch4,
    unet64x64x2_batch16_trainStepMs: off.unet64x64x2_batch16_trainStepMs,
    classifierInference512x512x32Ms: off.classifierInference512x512x32Ms,
    segmentation512x512x32: off.segmentation512x512x32,
    peakRssMb: off.peakRssMb,
  };
  // How many times faster the native kernels make each figure (off ÷ on).
  result.ratio.nativeGain = {
    ...ratios(off, result),
    classifierInference: +(off.classifierInference512x512x32Ms / result.classifierInference512x512x32Ms).toFixed(2),
    lightUnet64Path: +(off.segmentation512x512x32.lightUnet64PathMs / result.segmentation512x512x32.lightUnet64PathMs).toFixed(2),
  };
}
const torch = torchTimes();
result.pytorch = torch;
if (torch.available) {
  // hemocam ÷ PyTorch on the same machine in the same run (1 = PyTorch's pace; lower is better).
  const asResult = (t) => ({ resnet18_128x128x1_batch4: t, unet64x64x2_batch16_trainStepMs: t.unetTrainStepMs });
  result.ratio.vsPytorch = ratios(result, asResult(torch));
  if (result.nativeOff) result.ratio.nativeOffVsPytorch = ratios(result.nativeOff, asResult(torch));
}
print(result);
