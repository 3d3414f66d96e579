import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readNifti, writeNifti } from '@hemocam/io';
import { CHROME_FLAGS, chromium, domWithErrorRecorder } from '../test/chromium.js';

const BIN = resolve(import.meta.dirname, '../bin/hemocam.js');
const hemocam = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
/** Where the screenshots go (one per section), to be looked at; kept after the test. */
const SHOTS = process.env.HEMOCAM_REPORT_SHOTS ?? join(tmpdir(), 'hemocam-report-shots');

/**
 * A phantom set of 3 cases with bleed (synth_0000, _0001, _0003) and 2 without (_0002, _0004),
 * and predictions of known quality: _0000 perfect, _0001 empty (Dice 0), _0003 about half its bleed voxels,
 * _0002 a false positive (_0000's bleed), _0004 empty; a CAM for every case.
 */
async function setUp(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'hemocam-report-'));
  expect(hemocam(['synth', '--out', 'data', '--cases', '5', '--size', '48', '--slices', '8', '--seed', '5', '--positive-fraction', '0.6'], dir).status).toBe(0);
  mkdirSync(join(dir, 'pred'));
  const reference = async (id: string) => readNifti(join(dir, 'data', 'labels', `${id}.nii.gz`));
  // Each prediction on its own case's grid (phantom cases differ in voxel size).
  const write = async (id: string, data: Uint8Array) => writeNifti(join(dir, 'pred', `${id}_mask.nii.gz`), { ...(await reference(id)), data }, 'mask');
  const perfect = await reference('synth_0000');
  await write('synth_0000', Uint8Array.from(perfect.data));
  await write('synth_0001', new Uint8Array(perfect.data.length));
  const partial = await reference('synth_0003');
  await write(
    'synth_0003',
    Uint8Array.from(partial.data, (v, i) => (i % 2 === 0 ? v : 0)),
  ); // about half its voxels: Dice ≈ 0.67
  await write('synth_0002', Uint8Array.from(perfect.data)); // synth_0000's bleed in a case without one
  await write('synth_0004', new Uint8Array(perfect.data.length));
  for (const id of ['synth_0000', 'synth_0001', 'synth_0002', 'synth_0003', 'synth_0004']) {
    const ref = await reference(id);
    // The bleed, over faint noise.
    await writeNifti(join(dir, 'pred', `${id}_cam.nii.gz`), { ...ref, data: Float32Array.from(ref.data, (v, i) => 0.9 * v + (0.1 * ((i * 7919) % 13)) / 13) }, 'heatmap');
  }
  return dir;
}

describe('hemocam report', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await setUp();
  });

  it('lists cases worst first, draws the Dice histogram and volume scatter, links every case to the viewer; refuses to overwrite', () => {
    const made = hemocam(['report', '--pred', 'pred', '--data', 'data', '--out', 'report.html', '--quiet'], dir);
    expect(made.status, made.stderr).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const order = [...html.matchAll(/<tr id="case-(synth_\d+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['synth_0001', 'synth_0003', 'synth_0000', 'synth_0002', 'synth_0004']);
    expect(html).toMatch(/<tr id="case-synth_0002" class="false-positive">/);
    // Histogram: one case in [0, 0.1), one in the middle, one at 1.0 (last bin).
    const bins = [...html.matchAll(/class="bin" data-count="(\d+)"/g)].map((m) => Number(m[1]));
    expect(bins).toHaveLength(10);
    expect(bins[0]).toBe(1);
    expect(bins[9]).toBe(1);
    expect(bins.reduce((a, b) => a + b, 0)).toBe(3);
    expect([...html.matchAll(/class="point"/g)]).toHaveLength(5);
    expect(html).toMatch(/<line id="identity"/);
    expect([...html.matchAll(/class="open" data-case="(synth_\d+)"/g)].map((m) => m[1])).toEqual(order);
    expect(readdirSync(join(dir, 'report_files')).sort()).toEqual(['niivue.umd.js', ...order.map((id) => `${id}.png`).sort(), 'viewer']);
    expect(readFileSync(join(dir, 'report_files', 'viewer', '0.js'), 'utf8')).toMatch(/^\(window\.HEMOCAM_CASES = window\.HEMOCAM_CASES \|\| \{\}\)\["synth_0001"\] = \{"image":"/);
    expect(hemocam(['report', '--pred', 'pred', '--data', 'data', '--out', 'report.html'], dir)).toMatchObject({ status: 2, stderr: expect.stringMatching(/already exists/) });
  });

  it.skipIf(!chromium)(
    'opens in headless Chromium with no console errors; a case link opens that case with all four layers on its largest bleed; a screenshot per section',
    () => {
      if (!existsSync(join(dir, 'report.html'))) hemocam(['report', '--pred', 'pred', '--data', 'data', '--out', 'report.html', '--quiet'], dir);
      const dom = (hash: string) => domWithErrorRecorder(join(dir, 'report.html'), hash);
      const first = dom('');
      expect(first).toMatch(/<p id="viewer-status">synth_0001: 4 layer\(s\) \(ct, cam, reference, prediction\); on slice \d+, the largest bleed/); // the worst case opens first
      expect(first).not.toMatch(/data-errors=/);
      const linked = dom('#view=synth_0003');
      expect(linked).toMatch(/data-viewer-case="synth_0003"/);
      expect(linked).toMatch(/<p id="viewer-status">synth_0003: 4 layer\(s\) \(ct, cam, reference, prediction\); on slice \d+, the largest bleed/);
      expect(linked).not.toMatch(/data-errors=/);
      mkdirSync(SHOTS, { recursive: true });
      // One screenshot per section: a copy of the page showing that section alone (headless screenshots of a scrolled page are unreliable).
      const page = readFileSync(join(dir, 'report.html'), 'utf8');
      for (const [section, hash, minBytes] of [
        ['summary', '', 30_000],
        ['viewer-section', '#view=synth_0003', 15_000],
        ['cases', '', 30_000],
      ] as const) {
        const only = join(dir, `report-${section}.html`);
        writeFileSync(only, page.replace('</style>', `section:not(#${section}) { display: none; }\n</style>`));
        const shot = join(SHOTS, `report-${section}.png`);
        spawnSync(chromium!, [...CHROME_FLAGS, '--window-size=1100,1000', `--screenshot=${shot}`, `file://${only}${hash}`], { encoding: 'utf8', timeout: 90_000 });
        const png = readFileSync(shot);
        expect(png.subarray(1, 4).toString()).toBe('PNG');
        expect(png.length, section).toBeGreaterThan(minBytes); // text, figures or the viewer's slices: not a blank page
      }
    },
    300_000,
  );
});

if (!chromium) console.warn('hemocam report: Chromium not found (apt-get install chromium); the headless-browser check is skipped');
