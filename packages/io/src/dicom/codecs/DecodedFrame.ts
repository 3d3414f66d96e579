/** One decoded greyscale frame as a codec returned it: samples in the codec's layout. */
export interface DecodedFrame {
  width: number;
  height: number;
  components: number;
  /** Sample values, row-major; Int16Array when the codestream says its samples are signed. */
  samples: Uint8Array | Uint16Array | Int16Array | Int8Array;
}
