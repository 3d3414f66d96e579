import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = resolve(import.meta.dirname, '../bin/hemocam.js');

describe('packages as users get them', () => {
  it('npm pack → install into a fresh project → the installed hemocam validates and runs with a third-party plugin by name and by path', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'tools', 'packaging-test.mjs')], { encoding: 'utf8' });
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/packaging: ok/);
  }, 600_000);

  it('hemocam plugin new makes a package whose own tests pass unchanged; the committed example is its output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hemocam-scaffold-'));
    const made = spawnSync(process.execPath, [BIN, 'plugin', 'new', 'hemocam-plugin-hu-window-otsu'], { cwd: dir, encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const plugin = join(dir, 'hemocam-plugin-hu-window-otsu');
    // What `npm install` would provide: @hemocam/core and zod (linked from this workspace).
    mkdirSync(join(plugin, 'node_modules', '@hemocam'), { recursive: true });
    symlinkSync(resolve(ROOT, 'packages', 'core'), join(plugin, 'node_modules', '@hemocam', 'core'));
    symlinkSync(dirname(createRequire(import.meta.url).resolve('zod/package.json')), join(plugin, 'node_modules', 'zod'));
    const tested = spawnSync(process.execPath, ['--test'], { cwd: plugin, encoding: 'utf8' });
    expect(tested.status, tested.stdout + tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/# pass 2\n# fail 0/);
    for (const file of ['index.js', 'package.json', 'README.md', 'test/stage.test.js']) {
      expect(readFileSync(join(ROOT, 'examples', 'third-party-plugin', file), 'utf8'), file).toBe(readFileSync(join(plugin, file), 'utf8'));
    }
    expect(spawnSync(process.execPath, [BIN, 'plugin', 'new', 'hemocam-plugin-hu-window-otsu'], { cwd: dir, encoding: 'utf8' })).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/exists and is not empty/),
    });
    expect(spawnSync(process.execPath, [BIN, 'plugin', 'new', 'Bad Name'], { cwd: dir, encoding: 'utf8' })).toMatchObject({ status: 2, stderr: expect.stringMatching(/not a valid npm package name/) });
  });
});
