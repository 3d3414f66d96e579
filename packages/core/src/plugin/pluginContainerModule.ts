import { ContainerModule } from 'inversify';
import type { Plugin } from '../contracts/Plugin.js';
import type { StageClass } from '../contracts/Stage.js';

/** The DI token under which a stage class is bound. */
export function stageToken(id: string): symbol {
  return Symbol.for(`hemocam.stage:${id}`);
}

/**
 * A plugin as an inversify ContainerModule binding each stage class under its id.
 * Stage classes are bound as values and built by the runner with their validated config and
 * their context, so plugin authors need neither decorators nor decorator metadata.
 */
export function pluginContainerModule(plugin: Plugin): ContainerModule {
  return new ContainerModule(({ bind }) => {
    for (const [id, stage] of Object.entries(plugin.stages)) bind<StageClass>(stageToken(id)).toConstantValue(stage);
  });
}
