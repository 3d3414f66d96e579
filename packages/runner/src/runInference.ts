import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { type ArtifactKind, type ArtifactRenames, type Stage, HemocamError, type HemocamErrorCode, type ValidatedPipeline, firstDifference, learnedConfig, CORE_VERSION } from '@hemocam/core';
import { type CaseSource, possibleArtifactFileNames, writeArtifact, type OutputFormat } from '@hemocam/io';
import { StageRuntime, type BatchReport, type RunnerOptions } from './StageRuntime.js';
import { MANIFEST, type RunManifest } from './trainPipeline.js';

export interface InferenceOptions extends RunnerOptions {
  outDir: string;
  /** Write every artifact the stages provide, not only the final ones. */
  saveIntermediates?: boolean;
  /** How masks are written (default NIfTI). */
  format?: OutputFormat;
}

/** `--format dicom-seg|both` needs a DICOM series behind every case: refuse before any case runs. */
export function checkFormatFits(format: OutputFormat, cases: readonly CaseSource[]): void {
  const notDicom = format === 'nifti' ? undefined : cases.find((c) => !c.dicomFiles);
  if (notDicom) {
    throw new HemocamError(
      'USAGE',
      `--format ${format} writes DICOM-SEG, which references the DICOM images it segments, but case ${notDicom.id} is ${notDicom.path}, not a DICOM series; use --format nifti for NIfTI input`,
      { file: notDicom.path },
    );
  }
}

/** Artifacts `run` writes: those no later stage consumes, or all provided ones with --save-intermediates. */
export function outputArtifacts(pipeline: ValidatedPipeline, all = false): string[] {
  const stages = runStages(pipeline);
  const provided = stages.flatMap((s) => s.provides).filter((a) => pipeline.artifactKinds.get(a) !== 'memory');
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
  checkRunMatches(pipeline, resolve(options.runDir), options.runDir);
  const outDir = resolve(options.outDir);
  checkOutputFolder(outDir, options.outDir);
  checkFormatFits(options.format ?? 'nifti', options.cases);
  const artifacts = outputArtifacts(pipeline, options.saveIntermediates);
  if (!options.force) {
    const clashes = options.cases.flatMap((c) => existingOutputs(outDir, c.id, artifacts, pipeline.artifactKinds, options.format));
    if (clashes.length > 0) {
      throw new HemocamError('EXISTS', `${clashes.length} output file(s) already exist, e.g. ${clashes[0]}; choose another --out or pass --force to replace them`, { file: clashes[0] });
    }
  }
  const session = await openInferenceSession(options);
  try {
    const task = progress.start('cases', options.cases.length);
    for (const source of options.cases) {
      session.throwIfAborted();
      await session.runCase(source);
      task.tick(1, source.id);
    }
    task.done();
  } finally {
    await session.dispose();
  }
  logger.info(`${session.report.succeeded.length} case(s) done, ${session.report.failed.length} failed; outputs in ${outDir}`);
  return session.report;
}

/** The output folder must be a folder (or not exist yet): an existing file there is the user's to move. */
export function checkOutputFolder(outDir: string, given: string): void {
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new HemocamError('USAGE', `--out ${given} is an existing file, not a folder; give a folder for the outputs`, { file: outDir });
}

/** The files of a case's outputs that exist already in `outDir`. */
export function existingOutputs(outDir: string, id: string, artifacts: readonly string[], kinds: ReadonlyMap<string, ArtifactKind>, format: OutputFormat = 'nifti'): string[] {
  return artifacts.flatMap((a) => possibleArtifactFileNames(id, a, kinds.get(a), format).map((f) => join(outDir, f))).filter((f) => existsSync(f));
}

/** One loaded pipeline that segments case after case: what `hemocam run` and a queue worker share. */
export interface InferenceSession {
  /** Succeeded and failed cases so far, and the files written. */
  readonly report: BatchReport;
  /** The artifacts written per case. */
  readonly artifacts: readonly string[];
  /** How each is written, as its plugin declares it (absent: by its value). */
  readonly kinds: ReadonlyMap<string, ArtifactKind>;
  /** How masks are written. */
  readonly format: OutputFormat;
  /** Load the case, run every stage, write its outputs; a failure is recorded in `report` (and returned), never thrown. */
  runCase(source: CaseSource): Promise<{ ok: true; files: string[] } | { ok: false; message: string; code?: HemocamErrorCode }>;
  throwIfAborted(): void;
  dispose(): Promise<void>;
}

/**
 * Select the backend and build the run-time stages of a trained pipeline once (checking that the
 * run folder comes from training this pipeline), for any number of cases.
 */
export async function openInferenceSession(options: Omit<InferenceOptions, 'cases'>): Promise<InferenceSession> {
  const runDir = resolve(options.runDir);
  checkRunMatches(options.pipeline, runDir, options.runDir);
  const outDir = resolve(options.outDir);
  const artifacts = outputArtifacts(options.pipeline, options.saveIntermediates);
  const format = options.format ?? 'nifti';
  const algorithm = { pipeline: basename(options.pipeline.file).replace(/\.ya?ml$/i, ''), version: CORE_VERSION };
  const runtime = new StageRuntime({ ...options, cases: [] }, runDir);
  const kinds = options.pipeline.artifactKinds;
  const stages: { instance: Stage; key: string; renames: ArtifactRenames }[] = [];
  // Every stage is disposed even if one's dispose throws; that one is reported, and the batch summary still comes.
  const disposeAll = async () => {
    for (const { instance, key } of stages.splice(0)) await runtime.dispose(instance, key);
  };
  try {
    for (const stage of runStages(options.pipeline)) stages.push({ instance: await runtime.instantiate(stage), key: stage.key, renames: stage.renames });
  } catch (error) {
    await disposeAll();
    throw error;
  }
  return {
    report: runtime.report,
    artifacts,
    kinds,
    format,
    throwIfAborted: () => runtime.throwIfAborted(),
    dispose: disposeAll,
    async runCase(source) {
      const failedBefore = runtime.report.failed.length;
      // Test-time stages never see weak labels, even where the dataset has them: a stage reading them would leak the answer.
      const item = await runtime.loadCase({ ...source, labels: undefined });
      if (!item) {
        const failure = runtime.report.failed[failedBefore];
        return { ok: false, message: failure?.message ?? 'could not be read', code: failure?.code };
      }
      try {
        for (const { instance, renames } of stages) await instance.run(item.view(renames));
        const files: string[] = [];
        for (const artifact of artifacts) {
          if (!item.values.has(artifact)) throw new HemocamError('RUNTIME', `no stage set artifact '${artifact}'`);
          const seg = format === 'nifti' ? undefined : { source: item.get('volume'), algorithm };
          files.push(...(await writeArtifact(outDir, item.id, artifact, item.values.get(artifact), kinds.get(artifact), format, seg)));
        }
        runtime.report.outputs.push(...files);
        runtime.report.succeeded.push(item.id);
        return { ok: true, files };
      } catch (error) {
        runtime.fail(item.id, error);
        const failure = runtime.report.failed[failedBefore];
        return { ok: false, message: failure?.message ?? String(error), code: failure?.code };
      } finally {
        runtime.release(item);
      }
    },
  };
}

/** A run directory must come from training this pipeline's learning stages, under the same ids. */
export function checkRunMatches(pipeline: ValidatedPipeline, runDir: string, given: string): void {
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
    // As the manifest stored it; options that act only at run time may differ.
    const differs = firstDifference(learnedConfig(stage.stage, JSON.parse(JSON.stringify(stage.config ?? {}))), learnedConfig(stage.stage, trained.config));
    if (differs) {
      const at = `stages.${stage.key}.with${differs.path}`;
      // An option only one side has: the run was trained by a hemocam version with other options for this stage.
      const message =
        differs.there === undefined || differs.here === undefined
          ? `${at}: ${given} was trained by a hemocam version ${differs.there === undefined ? 'without' : 'with'} this option (${stage.use} has changed since); retrain with \`hemocam train\``
          : `${at} is ${JSON.stringify(differs.here)} in the pipeline but ${given} was trained with ${JSON.stringify(differs.there)}; use the pipeline the run was trained with (its copy is in ${manifestPath}), or retrain`;
      throw new HemocamError('CONFIG', message, { path: at, file: manifestPath });
    }
  }
}
