import { Worker } from 'node:worker_threads';
import type * as tfType from '@tensorflow/tfjs';
import { HemocamError, type BackendName } from '@hemocam/core';
import type { ResnetLstmConfig } from '../config.js';
import type { Classifier } from '../model/buildClassifier.js';
import { getReplicaState, type ReplicaState } from './replicaState.js';
import { encodeSlices } from '../model/forwardWindows.js';
import { applyGradients, batchGradients } from './trainingStep.js';

/** The compiled worker: beside this file in dist/, or in dist/ when this file runs from src/ (tests). */
function workerUrl(): URL {
  const here = new URL('./trainWorker.js', import.meta.url);
  return here.pathname.includes('/src/') && import.meta.url.endsWith('.ts') ? new URL(here.href.replace('/src/', '/dist/')) : here;
}

class WorkerReplica {
  private readonly worker = new Worker(workerUrl());

  /** Post now (so the worker starts while the main thread computes) and wait for its one reply. */
  request<T>(message: object, transfer: ArrayBuffer[] = []): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.worker.once('message', (data: { ok: boolean; error?: string }) => {
        this.worker.off('error', onError);
        if (data.ok) resolve(data as T);
        else reject(new Error(`training worker: ${data.error}`));
      });
      this.worker.once('error', onError);
      this.worker.postMessage(message, transfer);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/**
 * Data-parallel training over worker threads: the main thread's classifier is replica 0 and
 * each worker holds a copy on its own backend. Every step splits the batch, each replica
 * computes the gradients of its share concurrently, the gradients are averaged, and every
 * replica applies the same average with an optimizer in the same state, so all copies stay
 * identical in their trainable weights (batch-norm statistics follow each replica's share;
 * replica 0's are kept).
 */
export class ReplicaPool {
  private constructor(
    private readonly tf: typeof tfType,
    private readonly classifier: Classifier,
    private readonly optimizer: tfType.Optimizer,
    private readonly config: ResnetLstmConfig,
    private readonly workers: WorkerReplica[],
  ) {}

  static async create(tf: typeof tfType, classifier: Classifier, optimizer: tfType.Optimizer, config: ResnetLstmConfig, seed: number, backend: BackendName, count: number): Promise<ReplicaPool> {
    const workers = Array.from({ length: Math.max(0, count - 1) }, () => new WorkerReplica());
    const pool = new ReplicaPool(tf, classifier, optimizer, config, workers);
    try {
      await Promise.all(workers.map((w) => w.request({ type: 'init', config, seed, backend })));
      await pool.sync();
    } catch (error) {
      await pool.dispose(); // workers left alive would keep the process from ever exiting
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length + 1;
  }

  /** Copy replica 0's weights and optimizer slots to every worker (after a resume, say). */
  async sync(): Promise<void> {
    if (this.workers.length === 0) return;
    const state: ReplicaState = await getReplicaState(this.tf, this.classifier, this.optimizer);
    await Promise.all(this.workers.map((w) => w.request({ type: 'state', state })));
  }

  /** One step on a batch of B windows ([B, T, S, S, C] and [B, T]); returns the mean loss. */
  async step(x: Float32Array, y: Float32Array, posWeight: number, learningRate: number): Promise<number> {
    const windows = y.length / this.config.slices;
    const shares = Math.min(this.size, windows);
    const perWindow = x.length / windows;
    const bounds = Array.from({ length: shares + 1 }, (_, i) => Math.round((i * windows) / shares));
    const part = (i: number) => ({
      x: x.slice(bounds[i]! * perWindow, bounds[i + 1]! * perWindow),
      y: y.slice(bounds[i]! * this.config.slices, bounds[i + 1]! * this.config.slices),
    });
    const remote = this.workers.slice(0, shares - 1).map((w, i) => {
      const { x: px, y: py } = part(i + 1);
      return w.request<{ loss: number; grads: Float32Array[] }>({ type: 'grads', x: px, y: py, posWeight }, [px.buffer, py.buffer]);
    });
    const local = batchGradients(this.tf, this.classifier, this.config, part(0).x, part(0).y, posWeight);
    const results = [local, ...(await Promise.all(remote))];
    const mean = local.grads.map((g, k) => {
      const sum = new Float32Array(g.length);
      for (const r of results) {
        const grad = r.grads[k];
        if (!grad) throw new HemocamError('RUNTIME', `a training replica returned ${r.grads.length} gradients; the model has ${local.grads.length}`);
        for (let i = 0; i < sum.length; i++) sum[i]! += grad[i]!;
      }
      for (let i = 0; i < sum.length; i++) sum[i]! /= results.length;
      return sum;
    });
    const applied = this.workers.map((w) => w.request({ type: 'apply', grads: mean, learningRate }));
    applyGradients(this.tf, this.classifier, this.optimizer, mean, learningRate);
    await Promise.all(applied);
    return results.reduce((s, r) => s + r.loss, 0) / results.length;
  }

  /**
   * Slice-parallel encoding for inference: slices [n, S, S, C] (flat) are split between the
   * replicas, each encodes its share concurrently; returns pooled features [n, F] (flat).
   */
  async encode(x: Float32Array, shape: [number, number, number, number]): Promise<Float32Array> {
    const [n, ...rest] = shape;
    const perSlice = rest[0] * rest[1] * rest[2];
    const shares = Math.min(this.size, n);
    const bounds = Array.from({ length: shares + 1 }, (_, i) => Math.round((i * n) / shares));
    const remote = this.workers.slice(0, shares - 1).map((w, i) => {
      const part = x.slice(bounds[i + 1]! * perSlice, bounds[i + 2]! * perSlice);
      return w.request<{ pooled: Float32Array }>({ type: 'encode', x: part, shape: [bounds[i + 2]! - bounds[i + 1]!, ...rest] }, [part.buffer]);
    });
    const slices = this.tf.tensor4d(x.subarray(0, bounds[1]! * perSlice), [bounds[1]!, ...rest] as [number, number, number, number]);
    const local = encodeSlices(this.tf, this.classifier, slices);
    slices.dispose();
    const parts = [local, ...(await Promise.all(remote)).map((r) => r.pooled)];
    const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
