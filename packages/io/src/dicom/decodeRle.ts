import { HemocamError } from '@hemocam/core';

/**
 * Decode one DICOM RLE Lossless frame (PS3.5 Annex G) into little-endian sample bytes.
 * Each byte plane of each sample is a PackBits segment, most significant plane first.
 * Hand-written: the codec is a page of the standard and no kept npm package exposes it alone.
 */
export function decodeRle(frame: Uint8Array, pixels: number, bytesPerSample: number, file: string): Uint8Array {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (frame.byteLength < 64) throw new HemocamError('INPUT', `${file}: RLE frame is shorter than its 64-byte header`, { file });
  const segments = view.getUint32(0, true);
  if (segments !== bytesPerSample) {
    throw new HemocamError('INPUT', `${file}: RLE frame has ${segments} segments, expected ${bytesPerSample} (one per byte of a ${bytesPerSample * 8}-bit sample)`, { file });
  }
  const out = new Uint8Array(pixels * bytesPerSample);
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : frame.byteLength;
    const plane = bytesPerSample - 1 - s; // segment 0 holds the most significant byte
    let src = start;
    let px = 0;
    while (px < pixels && src < end) {
      const n = (frame[src++]! << 24) >> 24; // signed header byte
      if (n >= 0) {
        for (let i = 0; i <= n && px < pixels; i++) out[px++ * bytesPerSample + plane] = frame[src++]!;
      } else if (n !== -128) {
        const value = frame[src++]!;
        for (let i = 0; i < 1 - n && px < pixels; i++) out[px++ * bytesPerSample + plane] = value;
      }
    }
    if (px < pixels) throw new HemocamError('INPUT', `${file}: RLE segment ${s} decodes to ${px} of ${pixels} pixels; the data is truncated`, { file });
  }
  return out;
}
