// Fu, Hu, Dong, Guo, Gao & Li (2020), "Axiom-based Grad-CAM: Towards Accurate Visualization and
// Explanation of CNNs", BMVC: w_k = Σ_ij (A_ij^k / Σ_ab A_ab^k) · ∂y/∂A_ij^k; M = Σ_k w_k A_k.
import type { CamMethod } from '../CamMethod.js';
import { spatialAxes } from '../spatialAxes.js';
import { weightedSum } from '../weightedSum.js';

export const xgradCam: CamMethod = {
  id: 'xgrad-cam',
  paper: 'Fu et al., BMVC 2020',
  gradients: true,
  map: ({ tf, activations, gradients }) => {
    const axes = spatialAxes(activations);
    const share = tf.div(activations, tf.add(tf.sum(activations, axes, true), 1e-7));
    return weightedSum(tf, activations, tf.sum(tf.mul(share, gradients!), axes));
  },
};
