export type { BatchReport, RunnerOptions } from './StageRuntime.js';
export { trainPipeline, MANIFEST } from './trainPipeline.js';
export type { RunManifest } from './trainPipeline.js';
export { runInference, outputArtifacts, openInferenceSession, existingOutputs, checkRunMatches, checkOutputFolder, checkFormatFits } from './runInference.js';
export type { InferenceOptions, InferenceSession } from './runInference.js';
