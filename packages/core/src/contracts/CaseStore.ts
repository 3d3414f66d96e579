import { HemocamError } from '../errors/HemocamError.js';
import type { Artifacts } from './artifacts.js';
import type { ArtifactName, Case, WeakLabels } from './Case.js';

/** A stage's renaming of what it reads and writes: its own artifact name → the name on the case. */
export interface ArtifactRenames {
  inputs?: Readonly<Record<string, string>>;
  outputs?: Readonly<Record<string, string>>;
}

/**
 * A case's artifacts under their pipeline names, and the views stages see them through.
 * The runner holds one per case; tests make one with `new CaseStore(id, { volume })`.
 */
export class CaseStore implements Case {
  readonly values = new Map<string, unknown>();

  constructor(
    readonly id: string,
    initial: Partial<Artifacts> & Record<string, unknown> = {},
    readonly labels?: WeakLabels,
  ) {
    for (const [name, value] of Object.entries(initial)) this.values.set(name, value);
  }

  get<K extends ArtifactName>(name: K): Artifacts[K] {
    if (!this.values.has(name)) throw new HemocamError('RUNTIME', `${this.id}: artifact '${name}' is not set; no stage before this one provided it`);
    return this.values.get(name) as Artifacts[K];
  }

  find<K extends ArtifactName>(name: K): Artifacts[K] | undefined {
    return this.values.get(name) as Artifacts[K] | undefined;
  }

  has(name: ArtifactName): boolean {
    return this.values.has(name);
  }

  set<K extends ArtifactName>(name: K, value: Artifacts[K]): void {
    this.values.set(name, value);
  }

  /** The case as a stage with these renames sees it. */
  view(renames: ArtifactRenames): Case {
    const read = (name: string) => (renames.inputs?.[name] ?? name) as ArtifactName;
    const written = (name: string) => (renames.outputs?.[name] ?? name) as ArtifactName;
    return {
      id: this.id,
      labels: this.labels,
      get: (name) => this.get(read(name)),
      find: (name) => this.find(read(name)),
      has: (name) => this.has(read(name)),
      set: (name, value) => this.set(written(name), value),
    };
  }
}
