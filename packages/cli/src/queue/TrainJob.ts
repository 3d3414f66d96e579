import type { BackendName } from '@hemocam/core';

/** What a worker needs to fit one ablation variant: every path absolute, as every worker sees the shared folder. */
export interface TrainJobData {
  pipeline: string;
  /** `--set` overrides and the variant's own. */
  set: string[];
  /** The training dataset; with `trainSplit`, only its cases of split `train`. */
  data: string;
  trainSplit: boolean;
  runDir: string;
  /** Stage key → the state folder of an earlier variant fitted with the same signature (copied, not fitted again). */
  reuse: [string, string][];
  backend?: BackendName;
}

/** What a finished train job returns. */
export interface TrainJobResult {
  trained: number;
  failed: { id: string; message: string }[];
}
