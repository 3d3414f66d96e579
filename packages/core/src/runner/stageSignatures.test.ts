import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { StageClass } from '../contracts/Stage.js';
import { learnedConfig } from '../contracts/Stage.js';
import type { ValidatedPipeline } from '../pipeline/validatePipeline.js';
import { stageSignatures } from './stageSignatures.js';

class Learner {
  static readonly description = 'learns';
  static readonly configSchema = z.object({ rate: z.number(), threshold: z.number() });
  static readonly needs = ['volume'];
  static readonly provides = ['mask'];
  static readonly runOptions = ['threshold'];
  fit(): Promise<void> {
    return Promise.resolve();
  }
  run(): Promise<void> {
    return Promise.resolve();
  }
  dispose(): void {}
}

/** A one-stage pipeline, as far as stageSignatures reads it. */
const pipeline = (config: object, stage: StageClass = Learner) =>
  ({
    document: { seed: 0 },
    stages: [{ key: 'segment', use: 'learner', plugin: { meta: { name: 'p', version: '1.0.0' } }, stage, config, needs: ['volume'], fitNeeds: [], provides: ['mask'] }],
  }) as unknown as ValidatedPipeline;

describe('stageSignatures', () => {
  it('ignores the options a stage acts on only at run time, and no other', () => {
    const base = stageSignatures(pipeline({ rate: 1, threshold: 0.5 })).get('segment');
    expect(stageSignatures(pipeline({ rate: 1, threshold: 0.9 })).get('segment')).toBe(base);
    expect(stageSignatures(pipeline({ rate: 2, threshold: 0.5 })).get('segment')).not.toBe(base);
    const strict = Object.assign(class extends Learner {}, { runOptions: undefined });
    expect(stageSignatures(pipeline({ rate: 1, threshold: 0.9 }, strict)).get('segment')).not.toBe(stageSignatures(pipeline({ rate: 1, threshold: 0.5 }, strict)).get('segment'));
    expect(learnedConfig(Learner, { rate: 1, threshold: 0.5 })).toEqual({ rate: 1 });
    expect(learnedConfig(Learner, undefined)).toBeUndefined();
  });
});
