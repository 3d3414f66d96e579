import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../bin/hemocam.js');

/** Runs the real `hemocam` command in a child process: exit code, stdout and stderr. */
export function hemocam(args: string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  // A bounded run: a command that hangs fails its test (status null) instead of stalling the suite.
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, HEMOCAM_DEBUG: '', ...env }, timeout: 180_000, killSignal: 'SIGKILL' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
