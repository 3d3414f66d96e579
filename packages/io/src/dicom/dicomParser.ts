import { createRequire } from 'node:module';
import type * as DicomParser from 'dicom-parser';

/** dicom-parser's CommonJS build, loaded once with require (its typings describe that build). */
export const dicomParser = createRequire(import.meta.url)('dicom-parser') as typeof DicomParser;
