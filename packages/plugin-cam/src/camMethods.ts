import type { CamMethod } from './CamMethod.js';
import { cam } from './methods/cam.js';
import { eigenCam } from './methods/eigenCam.js';
import { gradCam } from './methods/gradCam.js';
import { gradCamPlusPlus } from './methods/gradCamPlusPlus.js';
import { hiresCam } from './methods/hiresCam.js';
import { layerCam } from './methods/layerCam.js';
import { scoreCam } from './methods/scoreCam.js';
import { xgradCam } from './methods/xgradCam.js';

/** Every method by id; the ids are also the pipeline stage ids. */
export const CAM_METHODS: Readonly<Record<string, CamMethod>> = Object.fromEntries([cam, gradCam, gradCamPlusPlus, hiresCam, xgradCam, layerCam, scoreCam, eigenCam].map((m) => [m.id, m]));
