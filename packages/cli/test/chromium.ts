import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

/** Debian's (or any) Chromium on PATH; undefined where none is installed (the browser checks then skip). */
export const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find((c) => spawnSync('which', [c]).status === 0);

/** Headless flags: SwiftShader gives NiiVue the WebGL2 it needs without a GPU; timers run ahead to let the viewer load. */
export const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--virtual-time-budget=8000'];

/** A first script that records console errors, uncaught errors and rejections into `data-errors` on the root element. */
const RECORDER = `<script>window.__errors = []; const keep = (...a) => { window.__errors.push(a.map(String).join(' ')); document.documentElement.dataset.errors = JSON.stringify(window.__errors); };
console.error = keep; window.addEventListener('error', (e) => keep(e.message)); window.addEventListener('unhandledrejection', (e) => keep(String(e.reason)));</script>`;

/** The DOM of `page` (opened at `hash`) after its scripts ran, from a copy of the page with the error recorder first in its head. */
export function domWithErrorRecorder(page: string, hash = ''): string {
  const checked = page.replace(/\.html$/, '-checked.html');
  writeFileSync(checked, readFileSync(page, 'utf8').replace('<head>', `<head>${RECORDER}`));
  return spawnSync(chromium!, [...CHROME_FLAGS, '--dump-dom', `file://${checked}${hash}`], { encoding: 'utf8', timeout: 90_000 }).stdout;
}
