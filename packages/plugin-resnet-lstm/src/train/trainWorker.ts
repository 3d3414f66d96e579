// A replica in a worker thread: its own TensorFlow.js backend and model copy. In training it
// computes gradients of its share of each batch and applies the averaged gradients it is sent,
// so that all replicas stay identical; in inference it encodes its share of a volume's slices
// (see ReplicaPool).
import { parentPort } from 'node:worker_threads';
import type * as tfType from '@tensorflow/tfjs';
import { createAdam, selectBackend } from '@hemocam/tensor';
import type { BackendName } from '@hemocam/core';
import type { ResnetLstmConfig } from '../config.js';
import { buildClassifier, type Classifier } from '../model/buildClassifier.js';
import { encodeSlices } from '../model/forwardWindows.js';
import { applyGradients, batchGradients } from './trainingStep.js';
import { setReplicaState, type ReplicaState } from './replicaState.js';

type Message =
  | { type: 'init'; config: ResnetLstmConfig; seed: number; backend: BackendName }
  | { type: 'state'; state: ReplicaState }
  | { type: 'grads'; x: Float32Array; y: Float32Array; posWeight: number }
  | { type: 'apply'; grads: Float32Array[]; learningRate: number }
  | { type: 'encode'; x: Float32Array; shape: [number, number, number, number] };

let tf: typeof tfType;
let classifier: Classifier;
let optimizer: tfType.Optimizer;
let config: ResnetLstmConfig;

/** One request from the ReplicaPool; a failure goes back to it as `{ ok: false, error }`. */
async function handleMessage(message: Message): Promise<void> {
  try {
    switch (message.type) {
      case 'init': {
        tf = (await selectBackend(message.backend)).tf;
        config = message.config;
        classifier = buildClassifier(tf, config, message.seed);
        optimizer = createAdam(tf, config.learningRate);
        parentPort!.postMessage({ ok: true });
        break;
      }
      case 'state':
        await setReplicaState(tf, classifier, optimizer, message.state);
        parentPort!.postMessage({ ok: true });
        break;
      case 'grads': {
        const result = batchGradients(tf, classifier, config, message.x, message.y, message.posWeight);
        parentPort!.postMessage(
          { ok: true, ...result },
          result.grads.map((g) => g.buffer as ArrayBuffer),
        );
        break;
      }
      case 'encode': {
        const slices = tf.tensor4d(message.x, message.shape);
        const pooled = encodeSlices(tf, classifier, slices);
        slices.dispose();
        parentPort!.postMessage({ ok: true, pooled }, [pooled.buffer as ArrayBuffer]);
        break;
      }
      case 'apply':
        applyGradients(tf, classifier, optimizer, message.grads, message.learningRate);
        parentPort!.postMessage({ ok: true });
        break;
    }
  } catch (error) {
    parentPort!.postMessage({ ok: false, error: (error as Error).stack ?? String(error) });
  }
}

parentPort!.on('message', (message: Message) => void handleMessage(message));
