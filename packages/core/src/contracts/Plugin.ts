import type { StageClass } from './Stage.js';

/** The plugin API this hemocam speaks; a plugin declares the one it was written for. */
export const PLUGIN_API_VERSION = 1;

/** What a plugin package default-exports. */
export interface Plugin {
  meta: { name: string; version: string };
  apiVersion: number;
  stages: Record<string, StageClass>;
}

/** Identity helper that types a plugin object for its author. */
export function definePlugin(plugin: Plugin): Plugin {
  return plugin;
}
