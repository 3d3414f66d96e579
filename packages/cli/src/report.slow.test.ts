import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../bin/hemocam.js');
const hemocam = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find((c) => spawnSync('which', [c]).status === 0);
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--virtual-time-budget=8000', '--window-size=1100,1400'];

/** A phantom set and "predictions" equal to its reference masks. */
function setUp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hemocam-report-'));
  expect(hemocam(['synth', '--out', 'data', '--cases', '3', '--size', '48', '--slices', '8', '--seed', '4', '--positive-fraction', '1'], dir).status).toBe(0);
  mkdirSync(join(dir, 'pred'));
  for (const file of readdirSync(join(dir, 'data', 'labels'))) cpSync(join(dir, 'data', 'labels', file), join(dir, 'pred', file.replace('.nii.gz', '_mask.nii.gz')));
  return dir;
}

describe('hemocam report', () => {
  const dir = setUp();

  it('writes a page with the metrics, per-case strips and the viewer assets; refuses to overwrite', () => {
    const made = hemocam(['report', '--pred', 'pred', '--data', 'data', '--out', 'report.html', '--quiet'], dir);
    expect(made.status, made.stderr).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/<tr><td>dice<\/td><td>1\.000 ± 0\.000<\/td>/);
    expect(readdirSync(join(dir, 'report_files')).sort()).toEqual(['niivue.umd.js', 'synth_0000.png', 'synth_0001.png', 'synth_0002.png', 'viewer-data.js']);
    expect(readFileSync(join(dir, 'report_files', 'viewer-data.js'), 'utf8')).toMatch(/^window\.HEMOCAM_VIEWER = \{"synth_000\d":\{"image":"/);
    expect(hemocam(['report', '--pred', 'pred', '--data', 'data', '--out', 'report.html'], dir)).toMatchObject({ status: 2, stderr: expect.stringMatching(/already exists/) });
  });

  it.skipIf(!chromium)(
    'opens in headless Chromium with no console errors; the viewer loads its layers and the screenshot shows the page',
    () => {
      if (!existsSync(join(dir, 'report.html'))) hemocam(['report', '--pred', 'pred', '--data', 'data', '--out', 'report.html', '--quiet'], dir);
      const url = `file://${join(dir, 'report.html')}`;
      // The same page with a first script that records console errors and uncaught errors into the DOM.
      const recorder = `<script>window.__errors = []; const keep = (...a) => { window.__errors.push(a.map(String).join(' ')); document.documentElement.dataset.errors = JSON.stringify(window.__errors); };
console.error = keep; window.addEventListener('error', (e) => keep(e.message)); window.addEventListener('unhandledrejection', (e) => keep(String(e.reason)));</script>`;
      writeFileSync(join(dir, 'report-checked.html'), readFileSync(join(dir, 'report.html'), 'utf8').replace('<head>', `<head>${recorder}`));
      const dom = spawnSync(chromium!, [...CHROME_FLAGS, '--dump-dom', `file://${join(dir, 'report-checked.html')}`], { encoding: 'utf8', timeout: 90_000 });
      expect(dom.stdout).toMatch(/<p id="viewer-status">synth_000\d: 3 layer\(s\)/);
      expect(dom.stdout).not.toMatch(/data-errors=/);
      const shot = join(dir, 'shot.png');
      spawnSync(chromium!, [...CHROME_FLAGS, `--screenshot=${shot}`, url], { encoding: 'utf8', timeout: 90_000 });
      const png = readFileSync(shot);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.length).toBeGreaterThan(20_000); // tables, strips and the viewer, not a blank page
    },
    200_000,
  );
});

if (!chromium) console.warn('hemocam report: Chromium not found (apt-get install chromium); the headless-browser check is skipped');
