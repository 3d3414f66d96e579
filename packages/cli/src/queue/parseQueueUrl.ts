import { HemocamError } from '@hemocam/core';

/** Where the job queue lives, as BullMQ's ioredis connection wants it, and a form safe to print. */
export interface QueueConnection {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  /** The URL with any password replaced by `***`: the only form that is ever printed. */
  display: string;
}

/** The environment variable a queue password may come from instead of the URL. */
export const QUEUE_PASSWORD_ENV = 'HEMOCAM_QUEUE_PASSWORD';

/**
 * `redis://[user[:password]@]host[:port][/db]` → connection options. The password may also come
 * from HEMOCAM_QUEUE_PASSWORD (the URL's wins); it never appears in `display` or in an error.
 */
export function parseQueueUrl(url: string, env: NodeJS.ProcessEnv = process.env): QueueConnection {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HemocamError('USAGE', `--queue must be a URL like redis://host:6379/0 (got something that is not a URL)`);
  }
  if (parsed.protocol !== 'redis:') throw new HemocamError('USAGE', `--queue must be a redis:// URL (got ${parsed.protocol}//…); rediss:// (TLS) is not supported yet`);
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const dbText = parsed.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new HemocamError('USAGE', `--queue: the database after the host must be a number (redis://host:6379/0), not '${dbText}'`);
  if (!parsed.hostname) throw new HemocamError('USAGE', '--queue: the URL names no host (redis://host:6379/0)');
  const password = parsed.password !== '' ? decodeURIComponent(parsed.password) : env[QUEUE_PASSWORD_ENV] || undefined;
  const username = parsed.username !== '' ? decodeURIComponent(parsed.username) : undefined;
  const display = `redis://${username ?? ''}${password !== undefined ? ':***@' : username ? '@' : ''}${parsed.hostname}:${port}/${db}`;
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port, db, username, password, display };
}
