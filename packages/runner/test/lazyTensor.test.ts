import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePipelineText } from '@hemocam/core';
import { openDataset } from '@hemocam/io';
import { runInference } from '../src/index.js';
import { PLUGIN_FIXTURES } from '../../core/test/support/pluginFixtures.js';
import { silentLogger, silentProgress, tempDir, writeTestDataset } from '../../io/test/support/testVolumes.js';

// This file imports nothing of TensorFlow.js itself (vitest runs each test file in its own process), so that what the runner loads can be seen.
const tfjsLoaded = () => (globalThis as { _tfengine?: unknown })._tfengine !== undefined;
const pipeline = (stage: string) =>
  validatePipelineText(['apiVersion: hemocam/v1', 'plugins: [./basic]', 'backend: cpu', 'stages:', `  s: { use: ${stage} }`].join('\n'), join(PLUGIN_FIXTURES, 'p.yaml'));

describe('the tensor backend is a service like the others', () => {
  it('a run whose stages do not inject TENSOR never loads TensorFlow.js; one that does, loads it', async () => {
    const data = await writeTestDataset(1);
    const run = async (stage: string) =>
      runInference({ pipeline: await pipeline(stage), cases: (await openDataset(data)).cases, runDir: tempDir(), outDir: tempDir(), logger: silentLogger, progress: silentProgress });
    expect((await run('hu-threshold')).backend).toBe('none');
    expect(tfjsLoaded()).toBe(false);
    expect((await run('tensor-score')).backend).toBe('cpu');
    expect(tfjsLoaded()).toBe(true);
  });
});
