export { synthCase } from './synthCase.js';
export type { SynthCase, SynthOptions } from './synthCase.js';
export { synthDataset } from './synthDataset.js';
export type { DatasetCaseEntry, SynthDatasetOptions } from './synthDataset.js';
export { samplePhantomParams, HEMORRHAGE_TYPES, PHANTOM_DIFFICULTIES } from './phantomParams.js';
export type { Hemorrhage, HemorrhageType, PhantomDifficulty, PhantomParams, Swirl } from './phantomParams.js';
export { renderPhantom } from './renderPhantom.js';
export type { PhantomGrid, RenderedPhantom } from './renderPhantom.js';
export { addCorrelatedNoise } from './correlatedNoise.js';
