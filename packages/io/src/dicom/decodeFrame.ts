import type { DecodedFrame } from './codecs/DecodedFrame.js';
import { decodeJpegDct } from './codecs/decodeJpegDct.js';
import { decodeJpegLossless } from './codecs/decodeJpegLossless.js';
import { decodeWithWasm } from './codecs/wasmCodec.js';
import type { TransferSyntax } from './transferSyntaxes.js';

/** Decode one compressed frame with the codec library of its transfer syntax. */
export async function decodeFrame(codec: TransferSyntax['codec'], bytes: Uint8Array, bytesPerSample: number, signed: boolean): Promise<DecodedFrame> {
  switch (codec) {
    case 'jpeg-dct':
      return decodeJpegDct(bytes);
    case 'jpeg-lossless':
      return decodeJpegLossless(bytes, bytesPerSample);
    case 'jpeg-ls':
      return decodeWithWasm('@cornerstonejs/codec-charls/decodewasmjs', 'JpegLSDecoder', bytes, signed);
    case 'jpeg-2000':
      return decodeWithWasm('@cornerstonejs/codec-openjpeg/decodewasmjs', 'J2KDecoder', bytes, signed);
    case 'htj2k':
      return decodeWithWasm('@cornerstonejs/codec-openjph/wasmjs', 'HTJ2KDecoder', bytes, signed);
    default:
      throw new Error(`${codec} pixel data is not a compressed frame`);
  }
}
