// `@hemocam/tensor/services`: the tensor-backend service without loading TensorFlow.js (the runner binds it lazily).
export { TENSOR } from './TENSOR.js';
export type { TensorBackend } from './TENSOR.js';
export { bindTensor } from './bindTensor.js';
export { tensorContainer } from './tensorContainer.js';
