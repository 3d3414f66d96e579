import type { ArtifactSpec, Volume } from '@hemocam/core';

declare module '@hemocam/core' {
  interface Artifacts {
    brainMask: Volume;
    cam: Volume;
    pseudoMask: Volume;
  }
}

/** The artifact every pseudo-mask stage provides. */
export const artifacts: Record<string, ArtifactSpec> = {
  pseudoMask: { kind: 'mask', description: 'unsupervised candidate bleed voxels' },
};
