import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCaseVolume, readMaskFile, readNifti, scoreMasks, writeNifti, type DatasetListing, type NiftiKind } from '@hemocam/io';
import { writeFileAtomic, type Logger, type Volume } from '@hemocam/core';
import { writePng } from '@hemocam/render';
import { caseStrip, slicesToShow } from './caseStrip.js';
import { largestBleedPoint } from './largestBleedPoint.js';
import { reportHtml, type ReportCase } from './reportHtml.js';
import { worstFirst } from './worstFirst.js';

/** NiiVue's self-contained browser bundle (its package exports only ES modules, which file:// pages may not import). */
function niivueBundle(): string {
  const entry = fileURLToPath(import.meta.resolve('@niivue/niivue'));
  return join(dirname(entry), '..', '..', 'dist', 'niivue.umd.js');
}

/** `report.html` → `report_files/` beside it. */
export function assetsFolderOf(htmlFile: string): string {
  return join(dirname(htmlFile), `${basename(htmlFile).replace(/\.html?$/i, '')}_files`);
}

export interface ReportOptions {
  pred: string;
  dataset: DatasetListing;
  /** Absolute path of the HTML file. */
  out: string;
  /** How many cases (the first, worst first) the viewer can open. */
  viewer: number;
  logger: Logger;
}

/** What the viewer shows of one case: its layers (NIfTI, base64) and where to start. */
export interface ViewerCase {
  image: string;
  reference?: string;
  mask?: string;
  cam?: string;
  /** World mm (RAS) of the largest bleed's centre, and its slice; absent when there is no bleed to show. */
  start?: { mm: [number, number, number]; slice: number };
}

/**
 * A static HTML page next to a folder of assets — metrics, a Dice histogram and a volume
 * scatter, then every case worst first (cases with bleed by Dice, then negatives with false
 * positives) with slice strips (CT, reference, final mask, pseudo mask, CAM) and a link that
 * opens the case in a NiiVue viewer (CT, reference, prediction and CAM as layers, on the slice
 * with the largest bleed). The viewer's data for each of the first `viewer` cases is a classic
 * script of its own, loaded when the case is opened (file:// pages may not fetch). Opens from
 * disk, no server. Assets are written to a staging folder and moved in place, then the page, so
 * an interrupted run leaves nothing half-written. Returns the number of cases.
 */
export async function writeReport({ pred, dataset, out, viewer: viewerCases, logger }: ReportOptions): Promise<number> {
  const score = await scoreMasks(pred, dataset);
  const assets = assetsFolderOf(out);
  const staging = `${assets}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(join(staging, 'viewer'), { recursive: true });
  try {
    const byId = new Map(dataset.cases.map((c) => [c.id, c]));
    const cases: ReportCase[] = [];
    const optional = async (file: string) => (existsSync(file) ? readNifti(file) : undefined);
    // The viewer reads NIfTI: a DICOM series or a DICOM-SEG is written as one first.
    const b64 = async (file: string, volume: Volume, kind: NiftiKind) => {
      if (/\.nii(\.gz)?$/i.test(file)) return (await readFile(file)).toString('base64');
      const converted = join(staging, 'viewer', `converted.nii.gz`);
      await writeNifti(converted, volume, kind);
      const text = (await readFile(converted)).toString('base64');
      await rm(converted);
      return text;
    };
    const ordered = worstFirst(score.cases).filter((c) => byId.has(c.id));
    for (const [index, c] of ordered.entries()) {
      const source = byId.get(c.id)!;
      const referencePath = dataset.masks.get(c.id)!.path;
      const camPath = join(pred, `${c.id}_cam.nii.gz`);
      const layers = {
        image: await loadCaseVolume(source, logger),
        reference: await readMaskFile(referencePath),
        mask: c.file === undefined ? undefined : await readMaskFile(c.file),
        pseudoMask: await optional(join(pred, `${c.id}_pseudoMask.nii.gz`)),
        cam: await optional(camPath),
      };
      const strip = `${c.id}.png`;
      await writePng(join(staging, strip), caseStrip(layers, slicesToShow(layers)));
      let viewer: string | undefined;
      if (index < viewerCases) {
        const data: ViewerCase = {
          image: await b64(source.path, layers.image, 'image'),
          reference: await b64(referencePath, layers.reference, 'mask'),
          ...(c.file === undefined || !layers.mask ? {} : { mask: await b64(c.file, layers.mask, 'mask') }),
          ...(layers.cam ? { cam: await b64(camPath, layers.cam, 'heatmap') } : {}),
        };
        const start = largestBleedPoint(layers.reference) ?? (layers.mask && largestBleedPoint(layers.mask));
        if (start) data.start = start;
        viewer = `viewer/${index}.js`;
        await writeFileAtomic(join(staging, viewer), `(window.HEMOCAM_CASES = window.HEMOCAM_CASES || {})[${JSON.stringify(c.id)}] = ${JSON.stringify(data)};\n`);
      }
      cases.push({ score: c, strip, viewer });
    }
    await copyFile(niivueBundle(), join(staging, 'niivue.umd.js'));
    await rm(assets, { recursive: true, force: true });
    await rename(staging, assets);
    await writeFileAtomic(out, reportHtml(`hemocam report: ${pred}`, score, cases, basename(assets)));
    return cases.length;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
