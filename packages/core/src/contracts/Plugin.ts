import type { ArtifactSpec } from './artifacts.js';
import type { StageClass } from './Stage.js';
import type { ServiceToken } from '../services/tokens.js';

/** The plugin API this hemocam speaks; a plugin declares the one it was written for. */
export const PLUGIN_API_VERSION = 2;

/** A service a plugin offers other stages: made once per run, on first request, from other services. */
export interface ServiceDefinition<T = unknown> {
  token: ServiceToken<T>;
  create(get: <U>(token: ServiceToken<U>) => Promise<U>): T | Promise<T>;
}

/** What a plugin package default-exports. */
export interface Plugin {
  meta: { name: string; version: string };
  apiVersion: number;
  stages: Record<string, StageClass>;
  /** The artifacts its stages provide, and how each is written; one no plugin declares is written by its value (a Volume as NIfTI, else JSON). */
  artifacts?: Record<string, ArtifactSpec>;
  /** Services of its own that stages (its own or others') may `inject`. */
  services?: readonly ServiceDefinition[];
}

/** Identity helper that types a plugin object for its author. */
export function definePlugin(plugin: Plugin): Plugin {
  return plugin;
}
