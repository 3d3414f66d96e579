// Zhou, Khosla, Lapedriza, Oliva & Torralba (2016), "Learning Deep Features for Discriminative
// Localization", CVPR: M = Σ_k w_k A_k with w the weights of the linear head after global average pooling.
import type { CamMethod } from '../CamMethod.js';
import { weightedSum } from '../weightedSum.js';

export const cam: CamMethod = {
  id: 'cam',
  paper: 'Zhou et al., CVPR 2016',
  gradients: false,
  linear: true,
  map: ({ tf, activations, linearWeights }) => weightedSum(tf, activations, linearWeights!),
};
