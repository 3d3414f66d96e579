import { z } from 'zod';
import { HemocamError } from '../errors/HemocamError.js';
import type { LoadedPlugin } from '../plugin/loadPlugins.js';
import { pipelineDocumentSchema, stageEntrySchema } from './pipelineDocumentSchema.js';

/** The JSON Schema of property `key` of a z.object's JSON Schema (which always has it). */
function propertyOf(schema: z.core.JSONSchema.BaseSchema, key: string): z.core.JSONSchema.JSONSchema {
  const property = schema.properties?.[key];
  if (typeof property !== 'object') throw new HemocamError('RUNTIME', `the pipeline JSON Schema has no property '${key}'`);
  return property;
}

/**
 * JSON Schema (draft 2020-12) of the pipeline format for editors (e.g. the YAML language
 * server's `# yaml-language-server: $schema=...`). With plugins given, `use:` lists their
 * stage ids and each `with:` is checked against that stage's options.
 */
export function pipelineJsonSchema(plugins: readonly LoadedPlugin[] = []): Record<string, unknown> {
  const options = { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' } as const;
  const schema = z.toJSONSchema(pipelineDocumentSchema, options);
  const stages = Object.entries(Object.assign({}, ...plugins.map((p) => p.plugin.stages)) as LoadedPlugin['plugin']['stages']);
  const entry = z.toJSONSchema(stageEntrySchema, options);
  delete entry.$schema;
  if (stages.length > 0) {
    const use = propertyOf(entry, 'use');
    use.enum = stages.map(([id]) => id);
    entry.allOf = stages.map(([id, stage]) => {
      const withSchema = z.toJSONSchema(stage.configSchema, options);
      delete withSchema.$schema;
      return { if: { properties: { use: { const: id } } }, then: { properties: { with: { ...withSchema, description: stage.description } } } };
    });
  }
  propertyOf(schema, 'stages').additionalProperties = entry;
  schema.title = 'hemocam pipeline';
  return schema;
}
