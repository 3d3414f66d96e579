/** A fragment of encapsulated pixel data as dicom-parser lists it. */
interface Fragment {
  /** Offset of its item from the first fragment's item, as the Basic Offset Table counts. */
  offset: number;
  /** Where its bytes start in the file. */
  position: number;
  length: number;
}

/** Whether a fragment opens a codestream: JPEG / JPEG-LS SOI, or the J2K SOC marker. */
function opensFrame(bytes: Uint8Array, fragment: Fragment): boolean {
  return bytes[fragment.position] === 0xff && (bytes[fragment.position + 1] === 0xd8 || bytes[fragment.position + 1] === 0x4f);
}

/**
 * The compressed bytes of each frame of encapsulated pixel data. Frame boundaries come from
 * the Basic Offset Table when there is one — which must then list every frame, start at 0,
 * increase and point at fragment items — else one fragment per frame, else the fragments
 * that open a codestream. Throws a sentence (no file name) when they do not add up.
 */
export function encapsulatedFrames(bytes: Uint8Array, fragments: readonly Fragment[], offsetTable: readonly number[], frames: number): Uint8Array[] {
  if (fragments.length === 0) throw new Error('the encapsulated pixel data holds no fragment');
  const last = fragments[fragments.length - 1]!;
  if (last.position + last.length > bytes.length) throw new Error(`the last pixel-data fragment ends at byte ${last.position + last.length} but the file has ${bytes.length}; the file is truncated`);
  let starts: number[];
  if (offsetTable.length > 0) {
    const index = offsetTable.map((offset) => fragments.findIndex((f) => f.offset === offset));
    const bad = index.findIndex((at, k) => at < 0 || (k > 0 && at <= index[k - 1]!));
    if (offsetTable.length !== frames || offsetTable[0] !== 0 || bad >= 0) {
      throw new Error(
        `the Basic Offset Table (${offsetTable.length} entries for ${frames} frame${frames === 1 ? '' : 's'}) does not point at the fragments${bad >= 0 ? ` (entry ${bad}: ${offsetTable[bad]})` : ''}`,
      );
    }
    starts = index;
  } else if (frames === 1) {
    starts = [0];
  } else if (fragments.length === frames) {
    starts = fragments.map((_, k) => k);
  } else {
    starts = fragments.flatMap((f, k) => (opensFrame(bytes, f) ? [k] : []));
    if (starts.length !== frames) throw new Error(`${fragments.length} fragments, no offset table, and ${starts.length} codestream starts for ${frames} frames`);
  }
  return starts.map((start, k) => {
    const parts = fragments.slice(start, starts[k + 1] ?? fragments.length);
    const out = new Uint8Array(parts.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of parts) {
      out.set(bytes.subarray(f.position, f.position + f.length), at);
      at += f.length;
    }
    return out;
  });
}
