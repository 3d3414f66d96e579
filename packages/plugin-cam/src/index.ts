import { PLUGIN_API_VERSION, type Plugin, readPackageMeta } from '@hemocam/core';
import { CAM_METHODS } from './camMethods.js';
import { camStage } from './camStage.js';
import { artifacts } from './artifacts.js';
import { CamFusionStage } from './CamFusionStage.js';

export { CAM_METHODS } from './camMethods.js';
export type { CamInputs, CamMethod } from './CamMethod.js';
export { computeCam } from './computeCam.js';
export type { CamOptions, CamResult } from './computeCam.js';
export { scoreTarget } from './scoreTarget.js';
export type { CamTarget } from './scoreTarget.js';
export { layersModelSubject } from './layersModelSubject.js';
export { upsampleMaps } from './upsampleMaps.js';
export { camStage } from './camStage.js';
export { CamFusionStage } from './CamFusionStage.js';
export { camConfigSchema } from './camConfig.js';
export type { CamConfig } from './camConfig.js';

const plugin: Plugin = {
  meta: readPackageMeta(new URL('../package.json', import.meta.url)),
  apiVersion: PLUGIN_API_VERSION,
  stages: { ...Object.fromEntries(Object.values(CAM_METHODS).map((m) => [m.id, camStage(m)])), 'cam-fusion': CamFusionStage },
  artifacts,
};
export default plugin;
