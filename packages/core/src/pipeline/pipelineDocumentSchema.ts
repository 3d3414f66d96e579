import { z } from 'zod';
import { ARTIFACT_NAME } from './artifactName.js';

const artifactName = z.string().regex(ARTIFACT_NAME, 'artifact names are letters and digits, starting with a letter');
const renames = (what: string) => z.record(z.string(), artifactName).default({}).describe(what);

export const BACKENDS = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export const stageEntrySchema = z
  .object({
    use: z.string().min(1).describe('Stage id from one of the loaded plugins, e.g. grad-cam-plus-plus'),
    with: z.record(z.string(), z.unknown()).default({}).describe("The stage's options; see `hemocam plugins`"),
    inputs: renames("Read artifacts under other names: the stage's own name → the name on the case, e.g. { cam: camA }"),
    outputs: renames("Write artifacts under other names: the stage's own name → the name on the case, e.g. { cam: camB }"),
    trainOnly: z.boolean().default(false).describe('Run this stage in `hemocam train` only (it teaches a later stage); `hemocam run` skips it'),
  })
  .strict();

/** The pipeline YAML document, before stage options are checked against their plugins. */
export const pipelineDocumentSchema = z
  .object({
    extends: z.string().optional().describe('Another pipeline file (relative to this one) that this one is merged over: maps key by key, this file wins'),
    apiVersion: z.literal('hemocam/v1').describe('Pipeline format version'),
    plugins: z.array(z.string().min(1)).default([]).describe('Plugin packages (npm names, resolved from the folder of this file) or relative paths'),
    backend: z.enum(BACKENDS).default('auto').describe('Tensor backend: auto picks tensorflow-gpu > tensorflow > wasm > cpu'),
    seed: z.number().int().nonnegative().default(0).describe('Seed for every random choice in training'),
    stages: z
      .record(z.string().regex(/^[A-Za-z][\w-]*$/, 'stage keys are letters, digits, - and _'), stageEntrySchema)
      .refine((stages) => Object.keys(stages).length > 0, 'a pipeline needs at least one stage')
      .describe('Named stages; each says which stage id it uses and its options'),
  })
  .strict();

export type PipelineDocument = z.output<typeof pipelineDocumentSchema>;
