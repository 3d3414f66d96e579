import type { ArtifactSpec, Volume } from '@hemocam/core';
import type { ClassifierHandle } from '@hemocam/tensor';

declare module '@hemocam/core' {
  interface Artifacts {
    classifier: ClassifierHandle;
    cam: Volume;
    /** What cam-fusion reads (rename with inputs:). */
    cam1: Volume;
    cam2: Volume;
    cam3: Volume;
    cam4: Volume;
  }
}

/** The artifact every CAM stage provides. */
export const artifacts: Record<string, ArtifactSpec> = {
  cam: { kind: 'heatmap', description: 'class activation map on the volume grid, in [0, 1]' },
};
