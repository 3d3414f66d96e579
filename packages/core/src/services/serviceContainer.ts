import { Container } from 'inversify';
import { join } from 'node:path';
import type { Logger, Progress } from '../contracts/Logger.js';
import type { ServiceDefinition } from '../contracts/Plugin.js';
import { createRng } from '../runner/createRng.js';
import { SERVICES, type ServiceToken } from './tokens.js';

export interface ServiceOptions {
  logger?: Logger;
  progress?: Progress;
  signal?: AbortSignal;
  /** The pipeline's seed (default 0). */
  seed?: number;
  resume?: boolean;
  /** Stage state folders are `<stateRoot>/stages/<key>`; default a folder named `state` in the working directory. */
  stateRoot?: string;
  /** Services plugins offer, bound once per run (singletons made on first request). */
  services?: readonly ServiceDefinition[];
}

const SILENT: Logger = { info: () => undefined, warn: () => undefined, debug: () => undefined };
const NO_PROGRESS: Progress = { start: () => ({ tick: () => undefined, done: () => undefined }) };

/** What `buildStage` needs to make a stage's own services (its state folder, its seeded random). */
interface RunSettings {
  seed: number;
  resume: boolean;
  stateRoot: string;
}
const RUN_SETTINGS = Symbol.for('hemocam.runSettings') as ServiceToken<RunSettings>;

/**
 * The run's container: logger, progress and abort signal (silent defaults), the run's settings,
 * and the services plugins offer. The runner binds the tensor backend on top; a test rebinds
 * what it wants to watch (`container.rebind(SERVICES.logger).toConstantValue(recorder)`).
 */
export function serviceContainer(options: ServiceOptions = {}): Container {
  const container = new Container();
  container.bind(SERVICES.logger).toConstantValue(options.logger ?? SILENT);
  container.bind(SERVICES.progress).toConstantValue(options.progress ?? NO_PROGRESS);
  container.bind(SERVICES.signal).toConstantValue(options.signal ?? new AbortController().signal);
  container.bind(RUN_SETTINGS).toConstantValue({ seed: options.seed ?? 0, resume: options.resume ?? false, stateRoot: options.stateRoot ?? join(process.cwd(), 'state') });
  for (const service of options.services ?? []) {
    container
      .bind(service.token)
      .toDynamicValue((ctx) => service.create(<U>(token: ServiceToken<U>) => ctx.getAsync<U>(token)))
      .inSingletonScope();
  }
  return container;
}

/** The folder a stage keeps its learned state in: `<stateRoot>/stages/<key>`. */
export function stageStateDir(stateRoot: string, key: string): string {
  return join(stateRoot, 'stages', key);
}

/** The stage-scoped services of one stage: its config, its state folder, its seeded random source. */
export function stageScope(parent: Container, key: string, config: unknown): Container {
  const scope = new Container({ parent });
  const run = parent.get<RunSettings>(RUN_SETTINGS);
  scope.bind(SERVICES.config).toConstantValue(config);
  scope.bind(SERVICES.stage).toConstantValue({ key, stateDir: stageStateDir(run.stateRoot, key), resume: run.resume, seed: run.seed });
  scope.bind(SERVICES.random).toConstantValue(createRng(run.seed, key));
  return scope;
}
