import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NativeKernels, NativeStatus } from './NativeKernels.js';

let status: NativeStatus | undefined;

/**
 * Load the addon once per thread: a prebuilt binary for this platform (prebuilds/), else the
 * one `npm ci` built (build/Release), through node-gyp-build. `HEMOCAM_NATIVE=0` turns it off;
 * `HEMOCAM_NATIVE_ISA` (avx512, avx2, portable) picks an instruction set the CPU supports.
 */
export function loadNative(): NativeStatus {
  if (status) return status;
  if (process.env.HEMOCAM_NATIVE === '0') return (status = { loaded: false, reason: 'turned off by HEMOCAM_NATIVE=0' });
  try {
    const require = createRequire(import.meta.url);
    const load = require('node-gyp-build') as (dir: string) => NativeKernels;
    const kernels = load(join(dirname(fileURLToPath(import.meta.url)), '..'));
    const { isa, threads } = kernels.info();
    status = { loaded: true, kernels, isa, threads };
  } catch (error) {
    const message = (error as { message?: string }).message ?? String(error);
    status = {
      loaded: false,
      reason: message.startsWith('No native build was found') ? `no build for ${process.platform}-${process.arch} (the install could not compile it)` : message.split('\n')[0]!,
    };
  }
  return status;
}
