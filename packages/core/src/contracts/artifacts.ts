import type { Volume } from '../volume/Volume.js';

/**
 * The artifacts a case can carry, by name and type. Core declares only the input; a plugin adds
 * the ones its stages read and write by module augmentation, which types `item.get(name)`:
 *
 *     declare module '@hemocam/core' { interface Artifacts { cam: Volume } }
 */
export interface Artifacts {
  volume: Volume;
}

/** How `hemocam run --save-intermediates` writes an artifact: NIfTI like the source (image, mask as uint8, heat map as float32), JSON, or not at all (handles to loaded models). */
export type ArtifactKind = 'image' | 'mask' | 'heatmap' | 'json' | 'memory';

/** What a plugin declares of an artifact its stages provide. */
export interface ArtifactSpec {
  kind: ArtifactKind;
  /** One line for `hemocam plugins`. */
  description: string;
}

/** Artifacts present on every case before any stage runs. */
export const INPUT_ARTIFACTS: Readonly<Record<string, ArtifactSpec>> = { volume: { kind: 'image', description: 'the CT as read, in Hounsfield units' } };
