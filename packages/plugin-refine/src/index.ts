import { PLUGIN_API_VERSION, type Plugin } from '@hemocam/core';
import { CamGuidedStage } from './CamGuidedStage.js';
import { CamThresholdStage } from './CamThresholdStage.js';

export { CamGuidedStage, camLevel } from './CamGuidedStage.js';
export { CamThresholdStage } from './CamThresholdStage.js';

const plugin: Plugin = {
  meta: { name: '@hemocam/plugin-refine', version: '0.1.0' },
  apiVersion: PLUGIN_API_VERSION,
  stages: { 'cam-guided': CamGuidedStage, 'cam-threshold': CamThresholdStage },
};
export default plugin;
