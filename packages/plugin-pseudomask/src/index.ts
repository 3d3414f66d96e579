import { PLUGIN_API_VERSION, type Plugin, readPackageMeta } from '@hemocam/core';
import { artifacts } from './artifacts.js';
import { HyperdenseGmmStage } from './HyperdenseGmmStage.js';
import { HyperdenseThresholdStage } from './HyperdenseThresholdStage.js';
import { RegionGrowStage } from './RegionGrowStage.js';

export { HyperdenseThresholdStage } from './HyperdenseThresholdStage.js';
export { HyperdenseGmmStage } from './HyperdenseGmmStage.js';
export { RegionGrowStage } from './RegionGrowStage.js';
export { cleanupCandidates } from './cleanupCandidates.js';
export type { CleanupConfig } from './cleanupConfig.js';
export { fitGaussianMixture } from './fitGaussianMixture.js';
export type { Gaussian } from './fitGaussianMixture.js';

const plugin: Plugin = {
  meta: readPackageMeta(new URL('../package.json', import.meta.url)),
  apiVersion: PLUGIN_API_VERSION,
  stages: { 'hyperdense-threshold': HyperdenseThresholdStage, 'hyperdense-gmm': HyperdenseGmmStage, 'region-grow': RegionGrowStage },
  artifacts,
};
export default plugin;
