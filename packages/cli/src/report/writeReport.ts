import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCaseVolume, readNifti, scoreMasks, writeFileAtomic, writePng, type DatasetListing, type Logger } from '@hemocam/core';
import { caseStrip, slicesToShow } from './caseStrip.js';
import { reportHtml, type ReportCase } from './reportHtml.js';

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
  /** Cases in the interactive viewer. */
  viewer: number;
  logger: Logger;
}

/**
 * A static HTML page next to a folder of assets — metrics, per-case rows by Dice with slice
 * strips (CT, reference, final mask, pseudo mask, CAM), and a NiiVue viewer of the first cases
 * with their masks. Opens from disk, no server. Assets are written to a staging folder and
 * moved in place, then the page, so an interrupted run leaves nothing half-written. Returns
 * the number of cases.
 */
export async function writeReport({ pred, dataset, out, viewer: viewerCases, logger }: ReportOptions): Promise<number> {
  const score = await scoreMasks(pred, dataset);
  const assets = assetsFolderOf(out);
  const staging = `${assets}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const byId = new Map(dataset.cases.map((c) => [c.id, c]));
    const cases: ReportCase[] = [];
    const viewer: Record<string, { image: string; reference?: string; mask?: string }> = {};
    const optional = async (file: string) => (existsSync(file) ? readNifti(file) : undefined);
    const b64 = async (file: string) => (await readFile(file)).toString('base64');
    // By Dice, best first; the viewer takes the first cases with bleed (then any) from this order.
    const ordered = score.cases.slice().sort((a, b) => b.dice - a.dice);
    const candidates = new Set([...ordered.filter((c) => c.referenceVoxels > 0), ...ordered].map((c) => c.id).filter((id) => /\.nii(\.gz)?$/.test(byId.get(id)?.path ?? '')));
    const viewerIds = new Set([...candidates].slice(0, viewerCases));
    for (const c of ordered) {
      const source = byId.get(c.id);
      if (!source) continue;
      const referencePath = dataset.masks.get(c.id)!.path;
      const layers = {
        image: await loadCaseVolume(source, logger),
        reference: await readNifti(referencePath),
        mask: c.file === undefined ? undefined : await readNifti(c.file),
        pseudoMask: await optional(join(pred, `${c.id}_pseudoMask.nii.gz`)),
        cam: await optional(join(pred, `${c.id}_cam.nii.gz`)),
      };
      const strip = `${c.id}.png`;
      await writePng(join(staging, strip), caseStrip(layers, slicesToShow(layers)));
      cases.push({ score: c, strip });
      if (viewerIds.has(c.id)) {
        viewer[c.id] = { image: await b64(source.path), reference: await b64(referencePath), ...(c.file === undefined ? {} : { mask: await b64(c.file) }) };
      }
    }
    await copyFile(niivueBundle(), join(staging, 'niivue.umd.js'));
    await writeFileAtomic(join(staging, 'viewer-data.js'), `window.HEMOCAM_VIEWER = ${JSON.stringify(viewer)};\n`);
    await rm(assets, { recursive: true, force: true });
    await rename(staging, assets);
    await writeFileAtomic(out, reportHtml(`hemocam report: ${pred}`, score, cases, basename(assets), Object.keys(viewer)));
    return cases.length;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
