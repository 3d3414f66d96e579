import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ARTIFACT_KINDS } from '../contracts/artifacts.js';
import type { StageContext } from '../contracts/Context.js';
import type { Stage } from '../contracts/Stage.js';
import { HemocamError } from '../errors/HemocamError.js';
import type { ValidatedPipeline } from '../pipeline/validatePipeline.js';
import { StageRuntime, type BatchReport, type RunnerOptions } from './StageRuntime.js';
import { MANIFEST, type RunManifest } from './trainPipeline.js';
import { possibleArtifactFileNames, writeArtifact } from './writeArtifact.js';

export interface InferenceOptions extends RunnerOptions {
  outDir: string;
  /** Write every artifact the stages provide, not only the final ones. */
  saveIntermediates?: boolean;
}

/** Artifacts `run` writes: those no later stage consumes, or all provided ones with --save-intermediates. */
export function outputArtifacts(pipeline: ValidatedPipeline, all = false): string[] {
  const stages = runStages(pipeline);
  const provided = stages.flatMap((s) => s.provides).filter((a) => ARTIFACT_KINDS[a] !== 'memory');
  const needed = new Set(stages.flatMap((s) => s.needs));
  return all ? provided : provided.filter((a) => !needed.has(a));
}

/** The stages `hemocam run` runs: all but those marked trainOnly. */
export function runStages(pipeline: ValidatedPipeline): ValidatedPipeline['stages'] {
  return pipeline.stages.filter((s) => !s.trainOnly);
}

/**
 * `hemocam run`: inference only, case by case (memory stays bounded): load, run every stage,
 * write the outputs atomically, release. One failing case is reported and the rest go on.
 * Stages that learn read what `train` saved under the run directory.
 */
export async function runInference(options: InferenceOptions): Promise<BatchReport> {
  const { pipeline, logger, progress } = options;
  const runDir = resolve(options.runDir);
  checkRunMatches(pipeline, runDir, options.runDir);
  const outDir = resolve(options.outDir);
  const artifacts = outputArtifacts(pipeline, options.saveIntermediates);
  if (!options.force) {
    const clashes = options.cases.flatMap((c) => artifacts.flatMap((a) => possibleArtifactFileNames(c.id, a).map((f) => join(outDir, f)))).filter((f) => existsSync(f));
    if (clashes.length > 0) {
      throw new HemocamError('EXISTS', `${clashes.length} output file(s) already exist, e.g. ${clashes[0]}; choose another --out or pass --force to replace them`, { file: clashes[0] });
    }
  }
  const runtime = await StageRuntime.create(options);
  const stages: { key: string; instance: Stage; ctx: StageContext }[] = [];
  try {
    for (const stage of runStages(pipeline)) {
      const ctx = runtime.contextFor(stage, runDir);
      stages.push({ key: stage.key, instance: runtime.instantiate(stage, ctx), ctx });
    }
    const task = progress.start('cases', options.cases.length);
    for (const source of options.cases) {
      runtime.throwIfAborted();
      const item = await runtime.loadCase(source);
      if (item) {
        try {
          for (const { instance, ctx } of stages) await instance.run(item, ctx);
          for (const artifact of artifacts) {
            if (!item.artifacts.has(artifact)) throw new HemocamError('RUNTIME', `no stage set artifact '${artifact}'`);
            runtime.report.outputs.push(await writeArtifact(outDir, item.id, artifact, item.artifacts.get(artifact)));
          }
          runtime.report.succeeded.push(item.id);
        } catch (error) {
          runtime.fail(item.id, error);
        } finally {
          runtime.release(item);
        }
      }
      task.tick(1, source.id);
    }
    task.done();
  } finally {
    for (const { instance } of stages) await instance.dispose();
  }
  logger.info(`${runtime.report.succeeded.length} case(s) done, ${runtime.report.failed.length} failed; outputs in ${outDir}`);
  return runtime.report;
}

/** A run directory must come from training this pipeline's learning stages, under the same ids. */
function checkRunMatches(pipeline: ValidatedPipeline, runDir: string, given: string): void {
  const learners = runStages(pipeline).filter((s) => typeof s.stage.prototype.fit === 'function');
  const manifestPath = join(runDir, MANIFEST);
  if (!existsSync(manifestPath)) {
    if (learners.length === 0) return;
    throw new HemocamError('INPUT', `${given} is not a trained run (no ${MANIFEST}); run \`hemocam train\` first, stages ${learners.map((s) => s.key).join(', ')} need learned state`, {
      file: manifestPath,
    });
  }
  let manifest: Partial<RunManifest>; // a file: `stages` may be missing
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Partial<RunManifest>;
  } catch (cause) {
    throw new HemocamError('INPUT', `${manifestPath} is not valid JSON: ${(cause as Error).message}`, { file: manifestPath, cause });
  }
  for (const stage of learners) {
    const trained = manifest.stages?.find((s) => s.key === stage.key);
    if (!trained || trained.use !== stage.use) {
      throw new HemocamError(
        'CONFIG',
        `stages.${stage.key} uses '${stage.use}' but ${given} was trained with ${trained ? `'${trained.use}'` : 'no such stage'}; retrain, or use the pipeline the run was trained with`,
        { path: `stages.${stage.key}.use`, file: manifestPath },
      );
    }
  }
}
