import { serviceContainer, type BackendName, type ServiceOptions } from '@hemocam/core';
import type { Container } from 'inversify';
import { bindTensor } from './bindTensor.js';

/** A service container with the tensor backend bound (tests, notebooks, benchmarks): build stages from it with `createStage`. */
export function tensorContainer(options: ServiceOptions & { backend?: BackendName } = {}): Container {
  const container = serviceContainer(options);
  bindTensor(container, options.backend ?? 'auto');
  return container;
}
