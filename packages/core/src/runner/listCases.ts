import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { WeakLabels } from '../contracts/Case.js';
import { HemocamError } from '../errors/HemocamError.js';

export interface CaseSource {
  id: string;
  path: string;
  labels?: WeakLabels;
}

const NIFTI = /\.nii(\.gz)?$/i;

export function caseIdOf(path: string): string {
  return basename(path).replace(NIFTI, '');
}

/**
 * The cases under a path: one NIfTI file, or a folder of them (or its `images/` subfolder).
 * Weak labels come from `slice_labels.csv` (`case_id,slice,label`) and `case_labels.csv`
 * (`case_id,label`) beside the images when present. Voxel masks are never read here.
 */
export function listCases(path: string): CaseSource[] {
  const target = resolve(path);
  if (!existsSync(target)) throw new HemocamError('INPUT', `${path} does not exist`, { file: path });
  if (statSync(target).isFile()) {
    if (!NIFTI.test(target)) throw new HemocamError('INPUT', `${path} is not a NIfTI file (.nii or .nii.gz)`, { file: path });
    return [{ id: caseIdOf(target), path: target }];
  }
  const imageDir = existsSync(join(target, 'images')) ? join(target, 'images') : target;
  const files = readdirSync(imageDir).filter((f) => NIFTI.test(f)).sort();
  if (files.length === 0) throw new HemocamError('INPUT', `${path} holds no .nii or .nii.gz files${imageDir !== target ? ' in images/' : ''}`, { file: path });
  const sliceLabels = readCsv(join(target, 'slice_labels.csv'), ['case_id', 'slice', 'label']);
  const caseLabels = readCsv(join(target, 'case_labels.csv'), ['case_id', 'label']);
  return files.map((file) => {
    const id = caseIdOf(file);
    const labels: WeakLabels = {};
    const rows = sliceLabels?.filter((r) => r.case_id === id);
    if (rows && rows.length > 0) {
      labels.slices = [];
      for (const row of rows) labels.slices[Number(row.slice)] = Number(row.label) > 0 ? 1 : 0;
    }
    const scan = caseLabels?.find((r) => r.case_id === id);
    if (scan) labels.scan = Number(scan.label) > 0 ? 1 : 0;
    return { id, path: join(imageDir, file), labels: labels.slices || labels.scan !== undefined ? labels : undefined };
  });
}

function readCsv(file: string, columns: string[]): Record<string, string>[] | undefined {
  if (!existsSync(file)) return undefined;
  let rows: Record<string, string>[];
  try {
    rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
  } catch (cause) {
    throw new HemocamError('INPUT', `${file}: not valid CSV (${(cause as Error).message})`, { file, cause });
  }
  const missing = columns.filter((c) => rows.length > 0 && !(c in rows[0]));
  if (missing.length > 0) throw new HemocamError('INPUT', `${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${columns.join(',')})`, { file });
  return rows;
}
