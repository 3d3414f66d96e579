import type { ArtifactSpec, Volume } from '@hemocam/core';
import type { ClassifierHandle } from '@hemocam/tensor';

declare module '@hemocam/core' {
  interface Artifacts {
    classifier: ClassifierHandle;
    cam: Volume;
  }
}

/** The artifact every CAM stage provides. */
export const artifacts: Record<string, ArtifactSpec> = {
  cam: { kind: 'heatmap', description: 'class activation map on the volume grid, in [0, 1]' },
};
