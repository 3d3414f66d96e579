import { z } from 'zod';
import type { LoadedPlugin } from '../plugin/loadPlugins.js';
import { pipelineDocumentSchema, stageEntrySchema } from './pipelineDocumentSchema.js';

/**
 * JSON Schema (draft 2020-12) of the pipeline format for editors (e.g. the YAML language
 * server's `# yaml-language-server: $schema=...`). With plugins given, `use:` lists their
 * stage ids and each `with:` is checked against that stage's options.
 */
export function pipelineJsonSchema(plugins: readonly LoadedPlugin[] = []): Record<string, unknown> {
  const options = { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' } as const;
  const schema = z.toJSONSchema(pipelineDocumentSchema, options) as Record<string, any>;
  const stages = Object.entries(Object.assign({}, ...plugins.map((p) => p.plugin.stages)) as LoadedPlugin['plugin']['stages']);
  const entry = z.toJSONSchema(stageEntrySchema, options) as Record<string, any>;
  delete entry.$schema;
  if (stages.length > 0) {
    entry.properties.use = { ...entry.properties.use, enum: stages.map(([id]) => id) };
    entry.allOf = stages.map(([id, stage]) => {
      const withSchema = z.toJSONSchema(stage.configSchema, options) as Record<string, unknown>;
      delete withSchema.$schema;
      return { if: { properties: { use: { const: id } } }, then: { properties: { with: { ...withSchema, description: stage.description } } } };
    });
  }
  schema.properties.stages.additionalProperties = entry;
  schema.title = 'hemocam pipeline';
  return schema;
}
