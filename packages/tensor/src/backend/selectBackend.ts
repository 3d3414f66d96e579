import type * as tfType from '@tensorflow/tfjs';
import { HemocamError, type BackendName } from '@hemocam/core';

/** What each backend name needs installed, and the tfjs backend it registers. */
const CANDIDATES: { name: Exclude<BackendName, 'auto'>; module?: string; tfName: string }[] = [
  { name: 'tensorflow-gpu', module: '@tensorflow/tfjs-node-gpu', tfName: 'tensorflow' },
  { name: 'tensorflow', module: '@tensorflow/tfjs-node', tfName: 'tensorflow' },
  { name: 'wasm', module: '@tensorflow/tfjs-backend-wasm', tfName: 'wasm' },
  { name: 'cpu', tfName: 'cpu' },
];

export interface SelectedBackend {
  tf: typeof tfType;
  /** The hemocam name of the backend (`tensorflow-gpu`, `tensorflow`, `wasm`, `cpu`). */
  name: Exclude<BackendName, 'auto'>;
  /** On wasm: the native kernels in use (instruction set, threads, kernel names), or why none are. */
  native?: NativeState;
}

export type NativeState = { active: true; isa: string; threads: number; kernels: readonly string[] } | { active: false; reason: string };

/** The training kernels wasm lacks, then the native kernels over them where the addon loads. */
async function wasmKernels(): Promise<NativeState> {
  (await import('./registerWasmGradients.js')).registerWasmGradients();
  const { loadNative } = await import('@hemocam/native');
  const native = loadNative();
  if (!native.loaded) return { active: false, reason: native.reason };
  const { registerNativeKernels, NATIVE_KERNELS } = await import('./registerNativeKernels.js');
  registerNativeKernels(native.kernels);
  (await import('./patchBatchNormTraining.js')).patchBatchNormTraining();
  return { active: true, isa: native.isa, threads: native.threads, kernels: NATIVE_KERNELS };
}

/**
 * Pick the tensor backend: `auto` tries tfjs-node-gpu, tfjs-node, wasm, then cpu through
 * guarded dynamic imports (the native ones are optional and absent where their install
 * could not download libtensorflow); a named one must be installed.
 */
export async function selectBackend(requested: BackendName = 'auto'): Promise<SelectedBackend> {
  // Imported here, not at the top: a run whose stages never ask for tensors never loads TensorFlow.js.
  const tf = await import('@tensorflow/tfjs');
  const candidates = requested === 'auto' ? CANDIDATES : CANDIDATES.filter((c) => c.name === requested);
  // PROD silences tfjs's console hints (e.g. "install tfjs-node"); hemocam reports the backend itself.
  tf.env().set('PROD', true);
  const reasons: string[] = [];
  for (const candidate of candidates) {
    try {
      if (candidate.module) await import(candidate.module);
      if (!(await tf.setBackend(candidate.tfName))) throw new Error('backend failed to initialise');
      await tf.ready();
      if (candidate.tfName === 'wasm') return { tf, name: candidate.name, native: await wasmKernels() };
      return { tf, name: candidate.name };
    } catch (error) {
      reasons.push(`${candidate.name}: ${((error as { message?: string }).message ?? String(error)).split('\n')[0]}`);
    }
  }
  const install = CANDIDATES.find((c) => c.name === requested)?.module;
  throw new HemocamError('BACKEND', `backend '${requested}' is not available (${reasons.join('; ')})${install ? `; install it with \`npm install ${install}\` or use --backend auto` : ''}`);
}
