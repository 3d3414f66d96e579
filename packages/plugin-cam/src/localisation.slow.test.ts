import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@hemocam/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { lcg } from '../test/tinyModels.js';
import { computeCam } from './computeCam.js';
import { layersModelSubject } from './layersModelSubject.js';

const S = 24;
const SIDE = 5;

/** Noise images; positives carry a bright SIDE×SIDE square at a random place. */
function makeImages(count: number, seed: number): { x: tf.Tensor4D; y: tf.Tensor2D; squares: ([number, number] | undefined)[] } {
  const r = lcg(seed);
  const data = new Float32Array(count * S * S);
  const labels: number[] = [];
  const squares: ([number, number] | undefined)[] = [];
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < S * S; i++) data[n * S * S + i] = 0.3 + 0.15 * r();
    const positive = n % 2 === 0;
    labels.push(positive ? 1 : 0);
    if (!positive) {
      squares.push(undefined);
      continue;
    }
    const top = Math.floor(((r() + 1) / 2) * (S - SIDE));
    const left = Math.floor(((r() + 1) / 2) * (S - SIDE));
    for (let y = top; y < top + SIDE; y++) for (let x = left; x < left + SIDE; x++) data[n * S * S + y * S + x] = 0.9 + 0.1 * r();
    squares.push([top, left]);
  }
  return { x: tf.tensor4d(data, [count, S, S, 1]), y: tf.tensor2d(labels, [count, 1]), squares };
}

let model: tf.LayersModel;

beforeAll(async () => {
  await selectBackend('wasm'); // with hemocam's conv gradients for wasm; the cpu backend takes minutes here
  const input = tf.input({ shape: [S, S, 1] });
  let h = tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 1 }) }).apply(input) as tf.SymbolicTensor;
  h = tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', name: 'features', kernelInitializer: tf.initializers.heNormal({ seed: 2 }) }).apply(h) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }).apply(tf.layers.globalAveragePooling2d({}).apply(h));
  model = tf.model({ inputs: input, outputs: out as tf.SymbolicTensor });
  model.compile({ optimizer: tf.train.adam(0.01), loss: tf.losses.sigmoidCrossEntropy });
  const train = makeImages(256, 17);
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- tfjs does not export ModelLoggingVerbosity; 0 is its SILENT
  await model.fit(train.x, train.y, { epochs: 15, batchSize: 32, shuffle: false, verbose: 0 });
}, 120_000);

describe('localisation: a CNN trained here to find bright squares', () => {
  const test = makeImages(80, 91);
  const positives = test.squares.flatMap((sq, n) => (sq ? [n] : []));

  it('classifies held-out images', () => {
    const probs = tf.sigmoid(model.predict(test.x) as tf.Tensor).dataSync();
    const correct = Array.from(probs).filter((p, n) => p > 0.5 === (test.squares[n] !== undefined)).length;
    expect(correct / probs.length).toBeGreaterThan(0.9);
  });

  it.each(['cam', 'grad-cam', 'grad-cam-plus-plus', 'hirescam', 'xgrad-cam', 'layer-cam'])('%s peaks inside the square on ≥ 90%% of held-out positives', (method) => {
    const x = tf.gather(test.x, positives);
    const { maps } = computeCam(tf, method, layersModelSubject(model), x, { layer: 'features' });
    let hits = 0;
    positives.forEach((n, i) => {
      const map = maps.subarray(i * S * S, (i + 1) * S * S);
      let peak = 0;
      for (let p = 1; p < map.length; p++) if (map[p]! > map[peak]!) peak = p;
      const [top, left] = test.squares[n]!;
      const [y, xx] = [Math.floor(peak / S), peak % S];
      if (y >= top && y < top + SIDE && xx >= left && xx < left + SIDE) hits++;
    });
    expect(hits / positives.length).toBeGreaterThanOrEqual(0.9);
  });
});
