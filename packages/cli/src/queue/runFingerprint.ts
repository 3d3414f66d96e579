import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST } from '@hemocam/runner';

/**
 * A run of `hemocam run`, as far as its outputs go: the pipeline (with overrides), the trained
 * state (the run's manifest), the input, the output folder and which artifacts are written.
 */
export function runFingerprint(parts: { pipelineText: string; run: string; input: string; split?: string; out: string; saveIntermediates: boolean; format: string }): string {
  const manifest = join(parts.run, MANIFEST);
  const trained = existsSync(manifest) ? readFileSync(manifest, 'utf8') : '';
  return createHash('sha256')
    .update(JSON.stringify([parts.pipelineText, trained, parts.input, parts.split ?? '', parts.out, parts.saveIntermediates, parts.format]))
    .digest('hex')
    .slice(0, 16);
}
