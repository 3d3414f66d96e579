import { resolve } from 'node:path';

/** Folder of the test-only plugins; pipelines in tests name them by relative path from here. */
export const PLUGIN_FIXTURES = resolve(import.meta.dirname, '../fixtures/plugins');
