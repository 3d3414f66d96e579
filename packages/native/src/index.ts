export { loadNative } from './loadNative.js';
export { convGeometry } from './convGeometry.js';
export type { ConvShape } from './convGeometry.js';
export type { NativeKernels, NativeStatus } from './NativeKernels.js';
