import type { ArtifactSpec, Volume } from '@hemocam/core';
import type { ClassifierHandle } from '@hemocam/tensor';

declare module '@hemocam/core' {
  interface Artifacts {
    brainMask: Volume;
    sliceProbs: number[];
    classifier: ClassifierHandle;
  }
}

/** The artifacts this plugin's stages provide, and how `hemocam run` writes them. */
export const artifacts: Record<string, ArtifactSpec> = {
  brainMask: { kind: 'mask', description: 'intracranial soft tissue (brain-mask)' },
  sliceProbs: { kind: 'json', description: 'one bleed probability per axial slice (resnet-lstm)' },
  classifier: { kind: 'memory', description: 'a handle on the trained classifier that CAM stages open (resnet-lstm)' },
};
