import { SERVICES, type BackendName, type Logger } from '@hemocam/core';
import type { Container } from 'inversify';
import { TENSOR, type TensorBackend } from './TENSOR.js';

/**
 * Bind `TENSOR` on a run's container: the backend is selected (and TensorFlow.js imported) on
 * the first request only, once per container, and logged.
 */
export function bindTensor(container: Container, requested: BackendName = 'auto'): void {
  container
    .bind(TENSOR)
    .toDynamicValue(async (ctx): Promise<TensorBackend> => {
      const { selectBackend } = await import('../backend/selectBackend.js');
      const { describeBackend } = await import('../backend/describeBackend.js');
      const selected = await selectBackend(requested);
      (await ctx.getAsync<Logger>(SERVICES.logger)).info(`backend: ${describeBackend(selected)}`);
      return { tf: selected.tf, backend: selected.name, ...(selected.native && { native: selected.native }) };
    })
    .inSingletonScope();
}
