/** NIfTI datatype codes hemocam reads, with their byte size and DataView getter. */
export const NIFTI_DATATYPES = {
  2: { name: 'uint8', bytes: 1, get: (v: DataView, o: number) => v.getUint8(o) },
  4: { name: 'int16', bytes: 2, get: (v: DataView, o: number, le: boolean) => v.getInt16(o, le) },
  8: { name: 'int32', bytes: 4, get: (v: DataView, o: number, le: boolean) => v.getInt32(o, le) },
  16: { name: 'float32', bytes: 4, get: (v: DataView, o: number, le: boolean) => v.getFloat32(o, le) },
  64: { name: 'float64', bytes: 8, get: (v: DataView, o: number, le: boolean) => v.getFloat64(o, le) },
  256: { name: 'int8', bytes: 1, get: (v: DataView, o: number) => v.getInt8(o) },
  512: { name: 'uint16', bytes: 2, get: (v: DataView, o: number, le: boolean) => v.getUint16(o, le) },
  768: { name: 'uint32', bytes: 4, get: (v: DataView, o: number, le: boolean) => v.getUint32(o, le) },
} as const;

export type NiftiDatatypeCode = keyof typeof NIFTI_DATATYPES;

export function isSupportedDatatype(code: number): code is NiftiDatatypeCode {
  return Object.hasOwn(NIFTI_DATATYPES, code);
}
