import type { Container } from 'inversify';
import type { Stage, StageClass } from '../contracts/Stage.js';
import { HemocamError } from '../errors/HemocamError.js';
import { stageScope } from './serviceContainer.js';
import { SERVICES } from './tokens.js';

export interface StageToBuild {
  /** The stage's key in the pipeline (`stages.<key>`); names its state folder and seeds its random source. */
  key: string;
  /** Its stage id (`use:`), for messages. */
  use?: string;
  stage: StageClass;
  /** The validated config (defaults filled in). */
  config: unknown;
}

/**
 * Build a stage from the container: resolve each token of its class's `inject` (default: its
 * config only) in a scope that adds the stage's config, state folder and seeded random source,
 * and call its constructor with them in order.
 */
export async function buildStage(container: Container, { key, use, stage, config }: StageToBuild): Promise<Stage> {
  const scope = stageScope(container, key, config);
  const tokens = stage.inject ?? [SERVICES.config];
  const where = `stages.${key}${use ? ` (${use})` : ''}`;
  const missing = tokens.filter((token) => !scope.isBound(token));
  if (missing.length > 0) {
    throw new HemocamError(
      'PLUGIN',
      `${where}: its constructor asks for ${missing.map((t) => t.description ?? String(t)).join(', ')}, which nothing binds; list the plugin that offers it under \`plugins:\``,
      { path: `stages.${key}` },
    );
  }
  const services = await Promise.all(tokens.map((token) => scope.getAsync(token)));
  try {
    return new stage(...services);
  } catch (error) {
    throw new HemocamError('PLUGIN', `${where}: its constructor threw (${error instanceof Error ? error.message : String(error)}); a bug in that plugin`, { path: `stages.${key}`, cause: error });
  }
}
