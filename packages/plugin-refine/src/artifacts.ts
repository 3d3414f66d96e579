import type { ArtifactSpec, Volume } from '@hemocam/core';

declare module '@hemocam/core' {
  interface Artifacts {
    brainMask: Volume;
    cam: Volume;
    pseudoMask: Volume;
    sliceProbs: number[];
    mask: Volume;
    pseudoLabel: Volume;
    seeds: Volume;
  }
}

/** The artifacts this plugin's stages provide. */
export const artifacts: Record<string, ArtifactSpec> = {
  mask: { kind: 'mask', description: 'the final hemorrhage mask' },
  pseudoLabel: { kind: 'mask', description: 'pseudo labels a light-unet stage learns from (1 bleed, 2 ignore)' },
  seeds: { kind: 'mask', description: "a mask random-walk grows from (rename a stage's output to it)" },
};
