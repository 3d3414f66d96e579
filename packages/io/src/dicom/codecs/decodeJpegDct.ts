import JpegImage from '../../../vendor/jpeg12/jpeg.js';
import type { DecodedFrame } from './DecodedFrame.js';
import { decodeWithWasm } from './wasmCodec.js';

/** The sample precision in a JPEG's start-of-frame segment (8 or 12 for DCT), or undefined. */
function precisionOf(bytes: Uint8Array): number | undefined {
  for (let i = 2; i + 4 < bytes.length;) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return bytes[i + 4];
    i += 2 + ((bytes[i + 2]! << 8) | bytes[i + 3]!);
  }
  return undefined;
}

/**
 * A JPEG baseline or extended (DCT) frame: 8-bit samples by libjpeg-turbo, 12-bit samples by
 * the vendored Cornerstone decoder (vendor/jpeg12/README.md says why it is vendored).
 */
export async function decodeJpegDct(bytes: Uint8Array): Promise<DecodedFrame> {
  const precision = precisionOf(bytes);
  if (precision === 8) return decodeWithWasm('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs', 'JPEGDecoder', bytes, false);
  if (precision !== 12) throw new Error(precision === undefined ? 'no JPEG start-of-frame segment' : `JPEG sample precision ${precision} is neither 8 nor 12`);
  const jpeg = new JpegImage();
  try {
    jpeg.parse(bytes);
  } catch (error) {
    throw new Error(typeof error === 'string' ? error : (error as Error).message);
  }
  const width = jpeg.width as number;
  const height = jpeg.height as number;
  return { width, height, components: jpeg.components.length, samples: jpeg.getData16(width, height) };
}
