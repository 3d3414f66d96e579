import type { Artifacts } from './artifacts.js';

/** Weak labels a training case may carry. Voxel masks are never part of a case. */
export interface WeakLabels {
  /** One 0/1 label per axial slice (z), where the dataset has them. */
  slices?: number[];
  /** Whole-scan label, where that is all the dataset has. */
  scan?: 0 | 1;
}

/** An artifact name: one of the declared {@link Artifacts}. */
export type ArtifactName = Extract<keyof Artifacts, string>;

/**
 * One CT volume moving through the pipeline, as a stage sees it: it reads the artifacts it
 * `needs` and sets the ones it `provides`, by the names it declares; where the pipeline renames
 * them (`inputs:` / `outputs:` in YAML) the runner maps the names, and the stage never knows.
 * `volume` is there from the start. Masks for evaluation are read by `eval` alone, never here.
 */
export interface Case {
  readonly id: string;
  readonly labels?: WeakLabels;
  /** The artifact, typed from {@link Artifacts}; throws when no stage before this one set it. */
  get<K extends ArtifactName>(name: K): Artifacts[K];
  /** The artifact, or undefined when it is not set. */
  find<K extends ArtifactName>(name: K): Artifacts[K] | undefined;
  has(name: ArtifactName): boolean;
  set<K extends ArtifactName>(name: K, value: Artifacts[K]): void;
}
