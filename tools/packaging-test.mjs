#!/usr/bin/env node
// The packaging test: `npm pack` every package (and the third-party example plugin) into a
// temporary folder, install the tarballs into a fresh project (no workspace links), and run the
// installed `hemocam` there: --version, synth, validate, and a small run through a pipeline that
// loads a built-in plugin and the third-party plugin by package name, then by path. Catches
// missing files, wrong `exports` and deep imports. Run after `npm run build`.
// Usage: node tools/packaging-test.mjs [--keep]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'hemocam-pack-'));
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);
const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error' } });
const step = (what) => process.stdout.write(`packaging: ${what}\n`);

try {
  const packages = ['core', 'phantom', 'plugin-resnet-lstm', 'plugin-cam', 'plugin-pseudomask', 'plugin-refine', 'cli'].map((p) => join(root, 'packages', p));
  for (const dir of [...packages, join(root, 'examples', 'third-party-plugin')]) sh('npm', ['pack', '--silent', '--pack-destination', tarballs], dir);
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  step(`packed ${files.length} tarballs`);

  const project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'packaging-test', private: true, type: 'module' }));
  sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--omit=optional', ...files], project);
  step('installed the tarballs into a fresh project');

  const hemocam = (...args) => sh(join(project, 'node_modules', '.bin', 'hemocam'), args, project);
  step(`hemocam --version: ${hemocam('--version').trim()}`);
  hemocam('synth', '--out', 'data', '--cases', '2', '--size', '48', '--slices', '6', '--seed', '3');
  const pipeline = (plugin) => ['apiVersion: hemocam/v1', `plugins: ["@hemocam/plugin-resnet-lstm", "@hemocam/plugin-cam", "@hemocam/plugin-pseudomask", "@hemocam/plugin-refine", "${plugin}"]`, 'backend: wasm', 'stages:', '  brain: { use: brain-mask }', '  pseudo: { use: hu-window-otsu }', ''].join('\n');
  writeFileSync(join(project, 'by-name.yaml'), pipeline('hemocam-plugin-hu-window-otsu'));
  step(hemocam('validate', 'by-name.yaml').trim());
  hemocam('run', 'by-name.yaml', '--run', 'run', '--input', 'data/images', '--out', 'out', '--quiet');
  const outputs = readdirSync(join(project, 'out')).sort();
  const expected = ['synth_0000', 'synth_0001'].flatMap((id) => [`${id}_brainMask.nii.gz`, `${id}_pseudoMask.nii.gz`]);
  if (outputs.join() !== expected.join()) throw new Error(`unexpected outputs: ${outputs.join(', ')}`);
  step(`hemocam run wrote ${outputs.join(', ')}`);
  cpSync(join(root, 'examples', 'third-party-plugin'), join(project, 'local-plugin'), { recursive: true, filter: (src) => !src.includes('node_modules') });
  writeFileSync(join(project, 'by-path.yaml'), pipeline('./local-plugin'));
  step(hemocam('validate', 'by-path.yaml').trim());
  const listing = hemocam('plugins', '--pipeline', 'by-name.yaml');
  if (!/hemocam-plugin-hu-window-otsu 0\.1\.0\n\s+hu-window-otsu/.test(listing)) throw new Error(`plugins listing lacks the third-party stage:\n${listing}`);
  step('ok');
} catch (error) {
  process.stderr.write(`packaging test failed: ${error.message}\n${error.stderr ?? ''}${error.stdout ?? ''}\n`);
  process.exitCode = 1;
} finally {
  if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
  else process.stdout.write(`kept ${work}\n`);
}
