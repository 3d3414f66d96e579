/** How hemocam decodes the pixel data of one DICOM transfer syntax. */
export interface TransferSyntax {
  name: string;
  /** Which decoder reads the pixel data. */
  codec: 'native' | 'rle' | 'jpeg-dct' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg-2000' | 'htj2k';
  /** The library that decodes it, as the README's reader table names it. */
  library: string;
  lossy: boolean;
  bigEndian?: boolean;
  deflated?: boolean;
}

const NATIVE = 'hemocam (dicom-parser reads the data set)';
const RLE = 'hemocam (decodeRle.ts: PackBits segments, the standard’s Annex G)';
const TURBO = '@cornerstonejs/codec-libjpeg-turbo-8bit (8-bit); vendored Cornerstone jpeg.js (12-bit)';
const LOSSLESS = '@cornerstonejs/jpeg-lossless-decoder-js';
const CHARLS = '@cornerstonejs/codec-charls (CharLS)';
const OPENJPEG = '@cornerstonejs/codec-openjpeg (OpenJPEG)';
const OPENJPH = '@cornerstonejs/codec-openjph (OpenJPH)';

/** Every transfer syntax whose pixel data hemocam reads, by UID. */
export const TRANSFER_SYNTAXES: Readonly<Record<string, TransferSyntax>> = {
  '1.2.840.10008.1.2': { name: 'Implicit VR Little Endian', codec: 'native', library: NATIVE, lossy: false },
  '1.2.840.10008.1.2.1': { name: 'Explicit VR Little Endian', codec: 'native', library: NATIVE, lossy: false },
  '1.2.840.10008.1.2.1.99': { name: 'Deflated Explicit VR Little Endian', codec: 'native', library: 'node:zlib (inflate), then as explicit VR', lossy: false, deflated: true },
  '1.2.840.10008.1.2.2': { name: 'Explicit VR Big Endian (retired)', codec: 'native', library: NATIVE, lossy: false, bigEndian: true },
  '1.2.840.10008.1.2.5': { name: 'RLE Lossless', codec: 'rle', library: RLE, lossy: false },
  '1.2.840.10008.1.2.4.50': { name: 'JPEG Baseline (process 1)', codec: 'jpeg-dct', library: TURBO, lossy: true },
  '1.2.840.10008.1.2.4.51': { name: 'JPEG Extended (processes 2 & 4)', codec: 'jpeg-dct', library: TURBO, lossy: true },
  '1.2.840.10008.1.2.4.57': { name: 'JPEG Lossless (process 14)', codec: 'jpeg-lossless', library: LOSSLESS, lossy: false },
  '1.2.840.10008.1.2.4.70': { name: 'JPEG Lossless (process 14, selection value 1)', codec: 'jpeg-lossless', library: LOSSLESS, lossy: false },
  '1.2.840.10008.1.2.4.80': { name: 'JPEG-LS Lossless', codec: 'jpeg-ls', library: CHARLS, lossy: false },
  '1.2.840.10008.1.2.4.81': { name: 'JPEG-LS Near-Lossless', codec: 'jpeg-ls', library: CHARLS, lossy: true },
  '1.2.840.10008.1.2.4.90': { name: 'JPEG 2000 Lossless', codec: 'jpeg-2000', library: OPENJPEG, lossy: false },
  '1.2.840.10008.1.2.4.91': { name: 'JPEG 2000', codec: 'jpeg-2000', library: OPENJPEG, lossy: true },
  '1.2.840.10008.1.2.4.201': { name: 'High-Throughput JPEG 2000 Lossless', codec: 'htj2k', library: OPENJPH, lossy: false },
  '1.2.840.10008.1.2.4.202': { name: 'High-Throughput JPEG 2000 Lossless (RPCL)', codec: 'htj2k', library: OPENJPH, lossy: false },
  '1.2.840.10008.1.2.4.203': { name: 'High-Throughput JPEG 2000', codec: 'htj2k', library: OPENJPH, lossy: true },
};

/** Names of syntaxes hemocam knows but does not read, for the refusal message. */
export const UNREAD_SYNTAXES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2.4.100': 'MPEG2 video',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264 video',
  '1.2.840.10008.1.2.4.110': 'JPEG XL Lossless',
  '1.2.840.10008.1.2.4.112': 'JPEG XL',
};
