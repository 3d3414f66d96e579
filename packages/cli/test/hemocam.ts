import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../bin/hemocam.js');

/** Runs the real `hemocam` command in a child process: exit code, stdout and stderr. */
export function hemocam(args: string[], cwd = process.cwd()): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, HEMOCAM_DEBUG: '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
