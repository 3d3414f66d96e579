// Chattopadhay, Sarkar, Howlader & Balasubramanian (2018), "Grad-CAM++: Generalized Gradient-Based
// Visual Explanations for Deep Convolutional Networks", WACV. With the exponential assumption
// (Y = exp(S)) the higher-order derivatives are powers of the first: α_ij^k = g² / (2g² + Σ_ab A_ab^k · g³),
// w_k = Σ_ij α_ij^k · ReLU(g_ij^k); M = Σ_k w_k A_k. α is 0 where g is 0 (no 0/0).
import type { CamMethod } from '../CamMethod.js';
import { spatialAxes } from '../spatialAxes.js';
import { weightedSum } from '../weightedSum.js';

export const gradCamPlusPlus: CamMethod = {
  id: 'grad-cam-plus-plus',
  paper: 'Chattopadhay et al., WACV 2018',
  gradients: true,
  map: ({ tf, activations, gradients }) => {
    const g = gradients!;
    const axes = spatialAxes(g);
    const g2 = tf.square(g);
    const g3 = tf.mul(g2, g);
    const sumA = tf.sum(activations, axes, true);
    const denominator = tf.add(tf.add(tf.mul(g2, 2), tf.mul(sumA, g3)), 1e-7);
    const alpha = tf.where(tf.notEqual(g, 0), tf.div(g2, denominator), tf.zerosLike(g));
    return weightedSum(tf, activations, tf.sum(tf.mul(alpha, tf.relu(g)), axes));
  },
};
