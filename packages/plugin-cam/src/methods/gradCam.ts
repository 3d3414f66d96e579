// Selvaraju, Cogswell, Das, Vedantam, Parikh & Batra (2017), "Grad-CAM: Visual Explanations from
// Deep Networks via Gradient-based Localization", ICCV: α_k = mean over space of ∂y/∂A_k; M = Σ_k α_k A_k.
import type { CamMethod } from '../CamMethod.js';
import { spatialAxes } from '../spatialAxes.js';
import { weightedSum } from '../weightedSum.js';

export const gradCam: CamMethod = {
  id: 'grad-cam',
  paper: 'Selvaraju et al., ICCV 2017',
  gradients: true,
  map: ({ tf, activations, gradients }) => weightedSum(tf, activations, tf.mean(gradients!, spatialAxes(gradients!))),
};
