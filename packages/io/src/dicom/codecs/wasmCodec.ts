import { createRequire } from 'node:module';
import type { DecodedFrame } from './DecodedFrame.js';

const require = createRequire(import.meta.url);

/** The part of an Emscripten-built Cornerstone decoder hemocam uses. */
interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned?: boolean };
  getDecodedBuffer(): Uint8Array;
  delete(): void;
}

type Factory = (options: { print: () => void; printErr: () => void }) => Promise<Record<string, new () => WasmDecoder>>;

const modules = new Map<string, Promise<Record<string, new () => WasmDecoder>>>();

/**
 * A fresh decoder of class `className` from the Emscripten module at `specifier`, the module
 * compiled once per process (its `print`s silenced: OpenJPEG logs every header it reads).
 */
async function wasmDecoder(specifier: string, className: string): Promise<WasmDecoder> {
  let module = modules.get(specifier);
  if (!module) {
    const factory = require(specifier) as Factory;
    module = factory({ print: () => undefined, printErr: () => undefined });
    modules.set(specifier, module);
  }
  const Decoder = (await module)[className];
  if (!Decoder) throw new Error(`${specifier} has no ${className}`);
  return new Decoder();
}

/**
 * Decode `bytes` with a decoder of the module; the decoder is freed whatever happens.
 * `signed` says how to read the samples when the codestream does not (JPEG-LS).
 */
export async function decodeWithWasm(specifier: string, className: string, bytes: Uint8Array, signed: boolean): Promise<DecodedFrame> {
  const decoder = await wasmDecoder(specifier, className);
  try {
    decoder.getEncodedBuffer(bytes.length).set(bytes);
    try {
      decoder.decode();
    } catch (error) {
      // Emscripten throws C++ exceptions as bare numbers (pointers): say so rather than print one.
      throw new Error(typeof error === 'number' ? 'the codestream is corrupt or truncated' : error instanceof Error ? error.message : String(error));
    }
    const info = decoder.getFrameInfo();
    const decoded = decoder.getDecodedBuffer().slice(); // copy out of the wasm heap before it is freed
    const wide = info.bitsPerSample > 8;
    const isSigned = info.isSigned ?? signed;
    const samples = wide ? (isSigned ? new Int16Array(decoded.buffer) : new Uint16Array(decoded.buffer)) : isSigned ? new Int8Array(decoded.buffer) : decoded;
    return { width: info.width, height: info.height, components: info.componentCount, samples };
  } finally {
    decoder.delete();
  }
}
