import type { Container } from 'inversify';
import type { Stage, StageClass } from '../contracts/Stage.js';
import { HemocamError } from '../errors/HemocamError.js';
import { buildStage } from './buildStage.js';
import { serviceContainer } from './serviceContainer.js';

/**
 * A stage outside `hemocam train`/`run` (tests, notebooks, benchmarks): its options checked by
 * its own schema with defaults filled in, its services from `container` (default: silent
 * logger and progress, seed 0). Rebind a service on the container to watch or replace it.
 */
export async function createStage<S extends Stage = Stage>(stage: StageClass, options: unknown = {}, container: Container = serviceContainer(), key = 'stage'): Promise<S> {
  const parsed = stage.configSchema.safeParse(options);
  if (!parsed.success) throw new HemocamError('CONFIG', `stages.${key}.with: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`).join('; ')}`);
  return (await buildStage(container, { key, stage, config: parsed.data })) as S;
}
