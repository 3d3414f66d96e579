import { describe, expect, it } from 'vitest';
import { PLUGIN_FIXTURES } from '../../test/support/pluginFixtures.js';
import { loadPlugins } from '../plugin/loadPlugins.js';
import { pipelineJsonSchema } from './pipelineJsonSchema.js';
import { suggestNearest } from './suggestNearest.js';

/** The parts of a JSON Schema this test reads (a missing one fails its expectation). */
type SchemaNode = {
  properties: Record<string, SchemaNode>;
  additionalProperties: SchemaNode;
  allOf: SchemaNode[];
  enum: unknown[];
  const: unknown;
  if: SchemaNode;
  then: SchemaNode;
};

describe('pipelineJsonSchema', () => {
  it('describes the document and, with plugins, each stage id and its options', async () => {
    const bare = pipelineJsonSchema();
    expect(bare.required).toEqual(['apiVersion', 'stages']);
    const { plugins } = await loadPlugins(['./basic'], PLUGIN_FIXTURES);
    const schema = pipelineJsonSchema(plugins) as SchemaNode;
    const entry = schema.properties.stages?.additionalProperties;
    expect(entry?.properties.use?.enum).toContain('hu-threshold');
    const threshold = entry?.allOf.find((rule) => rule.if.properties.use?.const === 'hu-threshold');
    expect(threshold?.then.properties.with?.properties.min).toEqual({ type: 'number', default: 50 });
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});

describe('suggestNearest', () => {
  it('suggests close ids and nothing for far ones', () => {
    const ids = ['cam', 'grad-cam', 'grad-cam-plus-plus', 'score-cam'];
    expect(suggestNearest('grad-cam-pp', ids)).toBe('grad-cam');
    expect(suggestNearest('gradcam++', ids)).toBe('grad-cam');
    expect(suggestNearest('Grad-CAM-plus-plus', ids)).toBe('grad-cam-plus-plus');
    expect(suggestNearest('hyperdense-gmm', ids)).toBeUndefined();
  });
});
