import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import { HemocamError } from '@hemocam/core';

/** ms after which a lock whose holder stopped renewing it counts as stale (a holder on another machine that was lost). */
const STALE_MS = 60_000; // longer than any stretch a busy tfjs step keeps the event loop (and the renewal) waiting

/** Whether the lock's holder is a process of this machine that no longer exists (killed): then the lock is free. */
function holderIsGone(holderFile: string): boolean {
  try {
    const [host, pid] = readFileSync(holderFile, 'utf8').trim().split(' ');
    if (host !== hostname() || !pid) return false;
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Hold `<target>.lock` (proper-lockfile: a folder beside the output, renewed while this process
 * runs, removed when it exits; `<target>.lock.pid` names its holder, so that the lock of a killed
 * process on this machine is taken over at once) so that two hemocam commands never write into one output at once.
 * Returns the release.
 */
export async function lockOutput(target: string): Promise<() => Promise<void>> {
  const path = resolve(target);
  const lockDir = `${path}.lock`;
  const holderFile = `${lockDir}.pid`; // beside the lock folder, which proper-lockfile removes only when empty
  const take = () => lockfile.lock(path, { realpath: false, stale: STALE_MS, update: STALE_MS / 4, retries: 0, onCompromised: () => undefined });
  let release: () => Promise<void>;
  try {
    mkdirSync(dirname(path), { recursive: true });
    release = await take().catch(async (error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED' || !holderIsGone(holderFile)) throw error;
      rmSync(lockDir, { recursive: true, force: true });
      return take();
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new HemocamError('EXISTS', `${target} is in use by another hemocam command (lock ${lockDir}); wait until it ends`, { file: path });
    }
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'read-only file system' : (error as Error).message;
    throw new HemocamError('INPUT', `cannot write to ${dirname(path)}: ${why}; choose an output folder you can write to`, { file: path, cause: error });
  }
  writeFileSync(holderFile, `${hostname()} ${process.pid}\n`);
  const dropHolder = () => rmSync(holderFile, { force: true });
  process.once('exit', dropHolder);
  return async () => {
    process.off('exit', dropHolder);
    dropHolder();
    await release();
  };
}
