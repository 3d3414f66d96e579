// Jiang, Zhang, Hou, Cheng & Wei (2021), "LayerCAM: Exploring Hierarchical Class Activation Maps
// for Localization", IEEE TIP: M = Σ_k ReLU(∂y/∂A_k) ⊙ A_k, element-wise.
import type { CamMethod } from '../CamMethod.js';

export const layerCam: CamMethod = {
  id: 'layer-cam',
  paper: 'Jiang et al., IEEE TIP 2021',
  gradients: true,
  map: ({ tf, activations, gradients }) => tf.sum(tf.mul(tf.relu(gradients!), activations), -1),
};
