// Muhammad & Yeasin (2020), "Eigen-CAM: Class Activation Map using Principal Components", IJCNN:
// the activations of a sample as a (positions × channels) matrix, centred per channel, projected on
// their first principal component. No gradients and no target. The component's sign is arbitrary;
// it is chosen so that the map correlates non-negatively with the channel-mean activation.
import { HemocamError } from '@hemocam/core';
import type { CamMethod } from '../CamMethod.js';
import { leadingEigenvector } from '../leadingEigenvector.js';

export const eigenCam: CamMethod = {
  id: 'eigen-cam',
  paper: 'Muhammad & Yeasin, IJCNN 2020',
  gradients: false,
  map: ({ tf, activations }) => {
    const [n] = activations.shape;
    const f = activations.shape[activations.rank - 1];
    if (f === undefined) throw new HemocamError('RUNTIME', 'eigen-cam needs activations with a channel axis');
    const p = activations.size / n / f;
    const values = activations.dataSync();
    const out = new Float32Array(n * p);
    const x = new Float64Array(p * f);
    for (let s = 0; s < n; s++) {
      x.set(values.subarray(s * p * f, (s + 1) * p * f));
      const meanMap = new Float64Array(p);
      for (let k = 0; k < f; k++) {
        let mean = 0;
        for (let i = 0; i < p; i++) mean += x[i * f + k]!;
        mean /= p;
        for (let i = 0; i < p; i++) {
          meanMap[i]! += x[i * f + k]! / f;
          x[i * f + k]! -= mean;
        }
      }
      const projection = principalProjection(x, p, f);
      let agreement = 0;
      for (let i = 0; i < p; i++) agreement += projection[i]! * meanMap[i]!;
      const sign = agreement < 0 ? -1 : 1;
      for (let i = 0; i < p; i++) out[s * p + i] = sign * projection[i]!;
    }
    return tf.tensor(out, activations.shape.slice(0, -1));
  },
};

/** X·v₁ for centred X (p × f, row-major): through the smaller of the f×f covariance and the p×p Gram matrix. */
function principalProjection(x: Float64Array, p: number, f: number): Float64Array {
  const projection = new Float64Array(p);
  if (f <= p) {
    const cov = new Float64Array(f * f);
    for (let i = 0; i < p; i++) for (let a = 0; a < f; a++) for (let b = a; b < f; b++) cov[a * f + b]! += x[i * f + a]! * x[i * f + b]!;
    for (let a = 0; a < f; a++) for (let b = 0; b < a; b++) cov[a * f + b] = cov[b * f + a]!;
    const { vector } = leadingEigenvector(cov, f);
    for (let i = 0; i < p; i++) for (let k = 0; k < f; k++) projection[i]! += x[i * f + k]! * vector[k]!;
  } else {
    const gram = new Float64Array(p * p);
    for (let i = 0; i < p; i++)
      for (let j = i; j < p; j++) {
        let dot = 0;
        for (let k = 0; k < f; k++) dot += x[i * f + k]! * x[j * f + k]!;
        gram[i * p + j] = dot;
        gram[j * p + i] = dot;
      }
    const { vector, value } = leadingEigenvector(gram, p);
    const sigma = Math.sqrt(Math.max(0, value));
    for (let i = 0; i < p; i++) projection[i] = sigma * vector[i]!;
  }
  return projection;
}
