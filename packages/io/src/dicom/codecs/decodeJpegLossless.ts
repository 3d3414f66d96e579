import { Decoder } from '@cornerstonejs/jpeg-lossless-decoder-js/release/lossless.js';
import type { DecodedFrame } from './DecodedFrame.js';

/** A JPEG lossless (process 14) frame, any selection value, 2–16 bits. */
export function decodeJpegLossless(bytes: Uint8Array, bytesPerSample: number): DecodedFrame {
  const decoder = new Decoder();
  const copy = bytes.slice(); // the decoder reads an ArrayBuffer from its start
  let samples: Uint8Array | Uint16Array;
  try {
    samples = decoder.decode(copy.buffer, 0, copy.length, bytesPerSample);
  } catch (error) {
    throw new Error(typeof error === 'string' ? error : (error as Error).message);
  }
  return { width: decoder.xDim, height: decoder.yDim, components: decoder.numComp, samples };
}
