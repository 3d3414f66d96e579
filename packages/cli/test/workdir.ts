import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

// The runner is exercised with core's test-only plugins, copied next to each pipeline.
const PLUGINS = resolve(import.meta.dirname, '../../core/test/fixtures/plugins');

/** A fresh temporary folder holding core's test plugins (in `plugins/`) and the zod they import. */
export function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hemocam-cli-'));
  cpSync(PLUGINS, join(dir, 'plugins'), { recursive: true });
  // The test plugins import zod, as a published plugin would from its own dependencies.
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(dirname(createRequire(import.meta.url).resolve('zod/package.json')), join(dir, 'node_modules', 'zod'));
  return dir;
}
