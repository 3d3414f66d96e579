/**
 * Artifacts a case carries between stages, and how `hemocam run` writes each.
 * `volume` is the input itself. Plugins may add artifacts of their own; those are written
 * as JSON when they are not Volumes. `memory` artifacts (handles to loaded models) are never written.
 */
export const ARTIFACT_KINDS: Record<string, 'image' | 'mask' | 'heatmap' | 'json' | 'memory'> = {
  volume: 'image',
  classifier: 'memory',
  brainMask: 'mask',
  sliceProbs: 'json',
  cam: 'heatmap',
  pseudoMask: 'mask',
  mask: 'mask',
};

/** Artifacts present on every case before any stage runs. */
export const INPUT_ARTIFACTS = ['volume'] as const;
