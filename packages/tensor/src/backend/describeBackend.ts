import type { SelectedBackend } from './selectBackend.js';

/** One line for logs and `hemocam info --backend`: `wasm + native kernels (avx512, 2 threads)` or `wasm (native kernels off: …)`. */
export function describeBackend(selected: Pick<SelectedBackend, 'name' | 'native'>): string {
  if (!selected.native) return selected.name;
  return selected.native.active ? `${selected.name} + native kernels (${selected.native.isa}, ${selected.native.threads} threads)` : `${selected.name} (native kernels off: ${selected.native.reason})`;
}
