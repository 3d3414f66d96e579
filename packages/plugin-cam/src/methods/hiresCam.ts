// Draelos & Carin (2020), "Use HiResCAM instead of Grad-CAM for faithful explanations of
// convolutional neural networks", arXiv:2011.08891: M = Σ_k (∂y/∂A_k ⊙ A_k), element-wise, no averaging.
import type { CamMethod } from '../CamMethod.js';

export const hiresCam: CamMethod = {
  id: 'hirescam',
  paper: 'Draelos & Carin, arXiv 2020',
  gradients: true,
  map: ({ tf, activations, gradients }) => tf.sum(tf.mul(gradients!, activations), -1),
};
