import { PLUGIN_API_VERSION, type Plugin, readPackageMeta } from '@hemocam/core';
import { BrainMaskStage } from './BrainMaskStage.js';
import { ResNetLstmStage } from './ResNetLstmStage.js';
import { artifacts } from './artifacts.js';

export { ResNetLstmStage } from './ResNetLstmStage.js';
export { artifacts } from './artifacts.js';
export { BrainMaskStage } from './BrainMaskStage.js';
export { resnetLstmConfigSchema } from './config.js';
export type { ResnetLstmConfig } from './config.js';
export { buildClassifier, describeClassifier, FEATURE_LAYER } from './model/buildClassifier.js';
export type { Classifier } from './model/buildClassifier.js';
export { classifierCamSubject } from './model/classifierCamSubject.js';
export { encodeSlices, forwardWindows, predictSlices, slicesFromPooled } from './model/forwardWindows.js';
export { windowIndices } from './preprocess/windowIndices.js';
export { loadClassifier, saveClassifier } from './train/classifierStore.js';
export { fitClassifier } from './train/fitClassifier.js';
export { ReplicaPool } from './train/ReplicaPool.js';

const plugin: Plugin = {
  meta: readPackageMeta(new URL('../package.json', import.meta.url)),
  apiVersion: PLUGIN_API_VERSION,
  stages: { 'resnet-lstm': ResNetLstmStage, 'brain-mask': BrainMaskStage },
  artifacts,
};
export default plugin;
export { brainMask } from './brainMask.js';
export type { BrainMaskOptions } from './brainMask.js';
