export { HemocamError, exitCodeOf, formatIssue } from './errors/HemocamError.js';
export type { HemocamErrorCode, HemocamErrorOptions, PipelineIssue } from './errors/HemocamError.js';

export { orientationOf, volumeLike, voxelCount } from './volume/Volume.js';
export type { Affine, Vec3, Volume, VolumeSource, VoxelData } from './volume/Volume.js';
export { volumeStats } from './volume/volumeStats.js';
export type { VolumeStats } from './volume/volumeStats.js';
export { tissueSummary, TISSUE_BANDS } from './volume/tissueSummary.js';
export type { TissueClass } from './volume/tissueSummary.js';

export { readNifti, parseNifti, MAX_NIFTI_BYTES } from './nifti/readNifti.js';
export type { NiftiInfo } from './nifti/readNifti.js';
export { writeNifti, encodeNifti } from './nifti/writeNifti.js';
export type { NiftiKind } from './nifti/writeNifti.js';
export { writeFileAtomic } from './io/writeFileAtomic.js';

export { caseVolume } from './contracts/Case.js';
export type { Case, WeakLabels } from './contracts/Case.js';
export type { Logger, Progress, ProgressTask, StageContext } from './contracts/Context.js';
export { stageFitNeeds, stageNeeds, stageProvides } from './contracts/Stage.js';
export type { Stage, StageClass } from './contracts/Stage.js';
export { PLUGIN_API_VERSION, definePlugin } from './contracts/Plugin.js';
export type { Plugin } from './contracts/Plugin.js';
export { ARTIFACT_KINDS, INPUT_ARTIFACTS } from './contracts/artifacts.js';

export { BACKENDS, pipelineDocumentSchema } from './pipeline/pipelineDocumentSchema.js';
export type { BackendName, PipelineDocument } from './pipeline/pipelineDocumentSchema.js';
export { validatePipeline, validatePipelineText } from './pipeline/validatePipeline.js';
export type { ResolvedStage, ValidatedPipeline, ValidateOptions } from './pipeline/validatePipeline.js';
export { checkArtifactGraph } from './pipeline/checkArtifactGraph.js';
export type { GraphNode } from './pipeline/checkArtifactGraph.js';
export { pipelineJsonSchema } from './pipeline/pipelineJsonSchema.js';
export { suggestNearest } from './pipeline/suggestNearest.js';

export { loadPlugin, loadPlugins } from './plugin/loadPlugins.js';
export type { LoadedPlugin, PluginLoadResult } from './plugin/loadPlugins.js';
export { pluginContainerModule, stageToken } from './plugin/pluginContainerModule.js';

export { selectBackend } from './backend/selectBackend.js';
export { registerWasmGradients } from './backend/registerWasmGradients.js';
export type { SelectedBackend } from './backend/selectBackend.js';

export { createRng } from './runner/createRng.js';
export { openDataset } from './datasets/openDataset.js';
export type { CaseSource, DatasetListing, LayoutName } from './datasets/DatasetListing.js';
export { caseIdOf } from './datasets/niftiFiles.js';
export { sliceLabelsFromMask } from './datasets/sliceLabelsFromMask.js';
export { readDicomFile, readDicomHeader } from './dicom/readDicomFile.js';
export type { DicomSlice, DicomHeader } from './dicom/readDicomFile.js';
export { readDicomFolder, sliceStack } from './dicom/readDicomSeries.js';
export type { DicomSeries, DicomFolderResult } from './dicom/readDicomSeries.js';
export { readNiftiDims } from './nifti/readNiftiHeader.js';
export { CORE_VERSION } from './runner/coreVersion.js';
export type { BatchReport, RunnerOptions } from './runner/StageRuntime.js';
export { trainPipeline, MANIFEST } from './runner/trainPipeline.js';
export type { RunManifest } from './runner/trainPipeline.js';
export { runInference, outputArtifacts } from './runner/runInference.js';
export type { InferenceOptions } from './runner/runInference.js';

export { blankImage, writePng } from './render/RgbImage.js';
export type { RgbImage } from './render/RgbImage.js';
export { renderSlice, drawOutline, BRAIN_WINDOW } from './render/renderSlice.js';
export type { CtWindow } from './render/renderSlice.js';
export { montage } from './render/montage.js';
export { rocAuc } from './metrics/rocAuc.js';
export { saveLayersModel, loadLayersModel, swapFolder } from './io/layersModelStore.js';
export { sliceMetrics } from './metrics/sliceMetrics.js';
export type { SliceMetrics } from './metrics/sliceMetrics.js';
export { labelComponents } from './image/labelComponents.js';
export { fillHoles2d } from './image/fillHoles2d.js';
export { brainMask } from './image/brainMask.js';
export type { BrainMaskOptions } from './image/brainMask.js';
export { scoreSliceProbs } from './metrics/scoreSliceProbs.js';
export type { SliceScore } from './metrics/scoreSliceProbs.js';
export { gaussianSmooth } from './image/gaussianSmooth.js';
export { splitModelAtLayer } from './model/splitModelAtLayer.js';
export type { SplitModel } from './model/splitModelAtLayer.js';
export type { CamSubject, ClassifierHandle, VolumeCamSubject } from './contracts/CamSubject.js';
export { overlayHeat } from './render/overlayHeat.js';
export { loadCaseVolume } from './runner/loadCaseVolume.js';
export { distanceTransform } from './image/distanceTransform.js';
export { dilate, erode } from './image/morphology.js';
export { removeSmallComponents } from './image/removeSmallComponents.js';
export { otsuThreshold } from './image/otsuThreshold.js';
