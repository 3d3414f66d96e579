#!/usr/bin/env node
// The packaging test, on the packages as a release would publish them:
// 1. copy every package (with its built dist/) to a temporary folder and bump every version there,
//    as `changeset version` would (patch + 1, internal ranges moved along), so that a version
//    written as a literal anywhere shows up as a mismatch;
// 2. `npm pack` each copy (and the third-party example plugin); no tarball may ship a test or a
//    test helper;
// 3. install each tarball on its own into a fresh project, with only the packages it declares,
//    and import it: an undeclared dependency fails here; @hemocam/core alone must bring no tfjs,
//    DICOM, NIfTI or PNG library (what a plugin author installs);
// 4. install all of them into one fresh project and run the installed `hemocam`: --version,
//    validate the shipped examples/default.yaml, synth, run a pipeline with a built-in plugin and the
//    third-party plugin by package name, validate it by path, list the plugins.
// 5. the native addon installs from its prebuilt binary, with no compiler run, and loads.
// Run after `npm run build`. Usage: node tools/packaging-test.mjs [--keep]
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'hemocam-pack-'));
const sh = (cmd, args, cwd, env = {}) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error', ...env } });
const step = (what) => process.stdout.write(`packaging: ${what}\n`);
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const writeJson = (file, value) => writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
const bump = (version) => version.replace(/^(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c) => `${a}.${b}.${Number(c) + 1}`);

/** npm install into a new project folder; returns the folder. */
function freshProject(name, tarballs) {
  const project = join(work, name);
  mkdirSync(project);
  writeJson(join(project, 'package.json'), { name: `packaging-${name}`, private: true, type: 'module' });
  sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--omit=optional', ...tarballs], project);
  return project;
}

try {
  // 0. The native addon's prebuilt binary, as `npm run release` puts it in the package (prebuilds/<platform>-<arch>/).
  sh('npm', ['run', 'prebuild', '-w', '@hemocam/native'], root);
  // 1. Copies with every version bumped.
  const names = ['native', 'core', 'imaging', 'io', 'tensor', 'render', 'runner', 'phantom', 'plugin-resnet-lstm', 'plugin-cam', 'plugin-pseudomask', 'plugin-refine', 'cli'];
  const copies = new Map();
  for (const name of names) {
    const copy = join(work, 'src', name);
    cpSync(join(root, 'packages', name), copy, { recursive: true, filter: (src) => !src.includes('node_modules') });
    copies.set(name, copy);
  }
  const versions = new Map([...copies].map(([, dir]) => [readJson(join(dir, 'package.json')).name, bump(readJson(join(dir, 'package.json')).version)]));
  for (const dir of copies.values()) {
    const pkg = readJson(join(dir, 'package.json'));
    pkg.version = versions.get(pkg.name);
    for (const field of ['dependencies', 'peerDependencies', 'devDependencies']) {
      for (const dep of Object.keys(pkg[field] ?? {})) if (versions.has(dep)) pkg[field][dep] = `^${versions.get(dep)}`;
    }
    writeJson(join(dir, 'package.json'), pkg);
  }
  step(`bumped every version: ${[...versions].map(([n, v]) => `${n}@${v}`).join(', ')}`);

  // 2. Tarballs, with no test or test helper inside.
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  const tarballOf = new Map();
  for (const dir of [...copies.values(), join(root, 'examples', 'third-party-plugin')]) {
    const [packed] = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', tarballs], dir));
    const shipped = packed.files.map((f) => f.path).filter((p) => /\.test\.|testSupport|(^|\/)test\//.test(p));
    if (shipped.length > 0) throw new Error(`${packed.name} ships test code: ${shipped.join(', ')}`);
    tarballOf.set(packed.name, join(tarballs, packed.filename));
  }
  step(`packed ${tarballOf.size} tarballs, none with tests in them`);

  // 3. Each package alone, with the packages it declares and nothing else of ours.
  const declared = (name, seen = new Set()) => {
    const pkg = readJson(join(copies.get(name.replace('@hemocam/', '')), 'package.json'));
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })) {
      if (versions.has(dep) && !seen.has(dep)) {
        seen.add(dep);
        declared(dep, seen);
      }
    }
    return seen;
  };
  for (const name of versions.keys()) {
    const project = freshProject(
      `alone-${name.replace('@hemocam/', '')}`,
      [name, ...declared(name)].map((n) => tarballOf.get(n)),
    );
    const probe = `const m = await import(${JSON.stringify(name)}); const meta = m.default?.meta; if (meta && meta.version !== ${JSON.stringify(versions.get(name))}) throw new Error('meta.version ' + meta.version);`;
    if (name === '@hemocam/cli') sh(join(project, 'node_modules', '.bin', 'hemocam'), ['--version'], project);
    else sh(process.execPath, ['--input-type=module', '-e', probe], project);
  }
  step(`each of ${versions.size} packages imports on its own with only its declared dependencies`);

  // 3b. What a plugin author installs: @hemocam/core alone brings no tensor, DICOM, NIfTI or PNG library.
  const heavy = /(^|\/)(@tensorflow\/[^/]+|dicom-parser|dcmjs|nifti-reader-js|@cornerstonejs\/[^/]+|fast-png|csv-parse)$/;
  const coreTree = sh('npm', ['ls', '--omit=dev', '--all', '--parseable'], join(work, 'alone-core')).split('\n').filter(Boolean);
  const pulled = coreTree.filter((path) => heavy.test(path));
  if (pulled.length > 0) throw new Error(`@hemocam/core alone installs ${pulled.join(', ')}`);
  step(`@hemocam/core alone installs ${coreTree.length - 1} packages, none of them tfjs, a DICOM, NIfTI or PNG library`);

  // 4. Everything together, as a user installs hemocam.
  const project = freshProject('project', [...tarballOf.values()]);
  const hemocam = (...args) => sh(join(project, 'node_modules', '.bin', 'hemocam'), args, project);
  const version = hemocam('--version').trim();
  if (version !== versions.get('@hemocam/core')) throw new Error(`hemocam --version says ${version}, not ${versions.get('@hemocam/core')}`);
  step(`hemocam --version: ${version}`);
  // 5. The native addon came from its prebuilt binary (no build/ folder: no compiler ran) and loads.
  const nativeDir = join(project, 'node_modules', '@hemocam', 'native');
  if (existsSync(join(nativeDir, 'build'))) throw new Error('@hemocam/native was compiled at install although its package holds a prebuilt binary');
  const native = JSON.parse(
    sh(
      process.execPath,
      ['--input-type=module', '-e', "const { loadNative } = await import('@hemocam/native'); const s = loadNative(); console.log(JSON.stringify({ loaded: s.loaded, isa: s.isa, reason: s.reason }));"],
      project,
      { HEMOCAM_NATIVE: '1' }, // also when the suite runs with the native kernels turned off
    ),
  );
  if (!native.loaded) throw new Error(`@hemocam/native does not load from its prebuilt binary: ${native.reason}`);
  step(`@hemocam/native installed from its prebuilt binary and loads (${native.isa})`);
  // The example pipelines as the CLI package ships them (default.yaml extends base.yaml beside it).
  cpSync(join(project, 'node_modules', '@hemocam', 'cli', 'examples'), join(project, 'examples'), { recursive: true });
  step(`shipped examples/default.yaml: ${hemocam('validate', 'examples/default.yaml').trim()}`);
  hemocam('synth', '--out', 'data', '--cases', '2', '--size', '48', '--slices', '6', '--seed', '3');
  const pipeline = (plugin) =>
    [
      'apiVersion: hemocam/v1',
      `plugins: ["@hemocam/plugin-resnet-lstm", "@hemocam/plugin-cam", "@hemocam/plugin-pseudomask", "@hemocam/plugin-refine", "${plugin}"]`,
      'backend: wasm',
      'stages:',
      '  brain: { use: brain-mask }',
      '  pseudo: { use: hu-window-otsu }',
      '',
    ].join('\n');
  writeFileSync(join(project, 'by-name.yaml'), pipeline('hemocam-plugin-hu-window-otsu'));
  step(hemocam('validate', 'by-name.yaml').trim());
  hemocam('run', 'by-name.yaml', '--run', 'run', '--input', 'data/images', '--out', 'out', '--quiet');
  const outputs = readdirSync(join(project, 'out')).sort();
  const expected = ['synth_0000', 'synth_0001'].map((id) => `${id}_pseudoMask.nii.gz`); // brainMask is consumed by the plugin's stage
  if (outputs.join() !== expected.join()) throw new Error(`unexpected outputs: ${outputs.join(', ')}`);
  step(`hemocam run wrote ${outputs.join(', ')}`);
  cpSync(join(root, 'examples', 'third-party-plugin'), join(project, 'local-plugin'), { recursive: true, filter: (src) => !src.includes('node_modules') });
  writeFileSync(join(project, 'by-path.yaml'), pipeline('./local-plugin'));
  step(hemocam('validate', 'by-path.yaml').trim());
  const listing = hemocam('plugins', '--pipeline', 'examples/default.yaml');
  for (const name of ['@hemocam/plugin-resnet-lstm', '@hemocam/plugin-cam', '@hemocam/plugin-pseudomask', '@hemocam/plugin-refine']) {
    if (!listing.includes(`${name} ${versions.get(name)}\n`)) throw new Error(`plugins listing lacks ${name} ${versions.get(name)}:\n${listing}`);
  }
  if (!/hemocam-plugin-hu-window-otsu 0\.1\.0\n\s+hu-window-otsu/.test(hemocam('plugins', '--pipeline', 'by-name.yaml'))) throw new Error('plugins listing lacks the third-party stage');
  step('ok');
} catch (error) {
  process.stderr.write(`packaging test failed: ${error.message}\n${error.stderr ?? ''}${error.stdout ?? ''}\n`);
  process.exitCode = 1;
} finally {
  if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
  else process.stdout.write(`kept ${work}\n`);
}
