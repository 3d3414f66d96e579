import { PLUGIN_API_VERSION, type Plugin, readPackageMeta } from '@hemocam/core';
import { artifacts } from './artifacts.js';
import { CamGuidedStage } from './CamGuidedStage.js';
import { CamThresholdStage } from './CamThresholdStage.js';
import { MimicFilterStage } from './MimicFilterStage.js';
import { RandomWalkStage } from './RandomWalkStage.js';
import { LightUnetStage } from './unet/LightUnetStage.js';

export { CamGuidedStage } from './CamGuidedStage.js';
export { camLevel } from './camLevel.js';
export { CamThresholdStage } from './CamThresholdStage.js';
export { RandomWalkStage } from './RandomWalkStage.js';
export { MimicFilterStage } from './MimicFilterStage.js';
export { componentFeatures, COMPONENT_FEATURES } from './componentFeatures.js';
export { fitLogistic, logisticProbability } from './fitLogistic.js';
export { IGNORE_LABEL } from './ignoreLabel.js';
export { LightUnetStage } from './unet/LightUnetStage.js';
export { buildUnet } from './unet/buildUnet.js';
export { fitLightUnet } from './unet/fitLightUnet.js';
export { lightUnetConfigSchema } from './unet/lightUnetConfig.js';
export type { LightUnetConfig } from './unet/lightUnetConfig.js';
export { maskFromPrediction } from './unet/maskFromPrediction.js';
export { predictProbabilities } from './unet/predictProbabilities.js';
export type { UnetPrediction } from './unet/predictProbabilities.js';
export { segmentationLoss } from './unet/segmentationLoss.js';

const plugin: Plugin = {
  meta: readPackageMeta(new URL('../package.json', import.meta.url)),
  apiVersion: PLUGIN_API_VERSION,
  stages: { 'cam-guided': CamGuidedStage, 'cam-threshold': CamThresholdStage, 'light-unet': LightUnetStage, 'random-walk': RandomWalkStage, 'mimic-filter': MimicFilterStage },
  artifacts,
};
export default plugin;
