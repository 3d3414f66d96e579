import type { WeakLabels } from '@hemocam/core';

/** Where a case's CT comes from: a NIfTI file, or the DICOM files of one series. */
export interface CaseSource {
  id: string;
  /** The NIfTI file, or the folder of the DICOM series. */
  path: string;
  /** DICOM: the files of the series (in any order). */
  dicomFiles?: string[];
  labels?: WeakLabels;
  /** Split named by the dataset, where it names one. */
  split?: 'train' | 'val' | 'test';
}

export type LayoutName = 'hemocam' | 'instance2022' | 'physionet-ct-ich' | 'bhsd' | 'rsna2019' | 'plain';

/**
 * A dataset as found on disk. `cases` carry images and weak labels only; ground-truth masks
 * sit apart in `masks`, read by evaluation alone, so training cannot reach them.
 */
export interface DatasetListing {
  layout: LayoutName;
  root: string;
  cases: CaseSource[];
  masks: Map<string, { path: string; binarize: boolean }>;
  /** Files that could not be used, with the reason. */
  problems: { file: string; reason: string }[];
  /** Things to warn about that lose nothing (label rows of cases the dataset does not have). */
  notices?: string[];
}
