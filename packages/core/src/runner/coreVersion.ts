import { readFileSync } from 'node:fs';

/** @hemocam/core's version, from its package.json (two levels up from src/ and dist/ alike). */
export const CORE_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
