import { createHash } from 'node:crypto';
import { learnedConfig } from '../contracts/Stage.js';
import type { ValidatedPipeline } from '../pipeline/validatePipeline.js';

/**
 * A signature per stage of what it learns from: its id, plugin version and options (but its runOptions), the seed,
 * and the signatures of the stages providing what it reads (needs and fitNeeds). Two runs whose
 * stage has the same signature learn the same state, so `hemocam ablate` fits it once.
 */
export function stageSignatures(pipeline: ValidatedPipeline): Map<string, string> {
  const provider = new Map<string, string>();
  for (const s of pipeline.stages) for (const artifact of s.provides) provider.set(artifact, s.key);
  const signatures = new Map<string, string>();
  for (const s of pipeline.stages) {
    const upstream = [...s.needs, ...s.fitNeeds].map((a) => (provider.has(a) ? signatures.get(provider.get(a)!) : a));
    const text = JSON.stringify({ use: s.use, plugin: s.plugin.meta.name, version: s.plugin.meta.version, config: learnedConfig(s.stage, s.config), seed: pipeline.document.seed, upstream });
    signatures.set(s.key, createHash('sha256').update(text).digest('hex').slice(0, 16));
  }
  return signatures;
}
