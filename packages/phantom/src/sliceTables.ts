import type { PhantomParams } from './phantomParams.js';

/** Angular resolution of the per-slice outline tables. */
export const ANGLE_BINS = 2048;

export interface SliceTables {
  /** Head scale at this z (0 above the vertex). */
  scale: number;
  /** 0 above z = -20 mm, rising to 1 at the skull base. */
  base: number;
  outer: Float32Array;
  skull: Float32Array;
  /** Sulcal CSF: angular membership (0..1) and depth (mm) per angle bin. */
  sulcus: Float32Array;
  sulcusDepth: Float32Array;
  /** Cortex lining each sulcus: membership of the sulcus widened by the cortical thickness. */
  sulcusCortex: Float32Array;
}

/** Head size profile along z: widest a little above the ventricles, a dome to the vertex at ~115 mm. */
export function headScale(z: number): number {
  if (z >= 10) return Math.sqrt(Math.max(0, 1 - ((z - 10) / 105) ** 2));
  return 1 - 0.25 * ((10 - z) / 70) ** 2;
}

/** Outline, skull thickness and sulci of one slice, tabulated over angle (head frame). */
export function sliceTables(p: PhantomParams, z: number, pixel: number): SliceTables {
  const scale = headScale(z);
  const base = Math.min(1, Math.max(0, (-20 - z) / 30));
  const outer = new Float32Array(ANGLE_BINS);
  const skull = new Float32Array(ANGLE_BINS);
  const sulcus = new Float32Array(ANGLE_BINS);
  const sulcusDepth = new Float32Array(ANGLE_BINS);
  const sulcusCortex = new Float32Array(ANGLE_BINS);
  const cerebrum = Math.min(1, Math.max(0, (z + 25) / 10));
  for (let b = 0; b < ANGLE_BINS; b++) {
    const t = (b / ANGLE_BINS) * 2 * Math.PI - Math.PI;
    const c = Math.cos(t);
    const s = Math.sin(t);
    let wobble = 1;
    for (const h of p.harmonics) wobble += h.amp * Math.cos(h.k * t + h.phase);
    outer[b] = (scale * wobble * p.headA * p.headB) / Math.sqrt((p.headB * c) ** 2 + (p.headA * s) ** 2);
    let thick = 1;
    for (const h of p.skullHarmonics) thick += h.amp * Math.cos(h.k * t + h.phase);
    skull[b] = Math.min(11, Math.max(3.5, p.skull * thick + 4 * base + (scale < 0.5 ? 2 * (0.5 - scale) : 0)));
    if (cerebrum <= 0) continue;
    const inner = Math.max(1, outer[b]! - p.scalp - skull[b]!);
    let member = 0;
    let cortex = 0;
    let depth = 0;
    for (const sulc of p.sulci) {
      let d = Math.abs(t - (sulc.angle + sulc.drift * z));
      d = Math.min(d % (2 * Math.PI), 2 * Math.PI - (d % (2 * Math.PI)));
      const arc = d * inner;
      const m = Math.min(1, Math.max(0, 0.5 + (sulc.width * p.ventricles - arc) / pixel));
      cortex = Math.max(cortex, Math.min(1, Math.max(0, 0.5 + (sulc.width * p.ventricles + 2.8 - arc) / pixel)));
      if (m > member) {
        member = m;
        depth = sulc.depth * Math.min(1, scale * 1.2);
      }
    }
    sulcus[b] = member * cerebrum;
    sulcusCortex[b] = cortex * cerebrum;
    sulcusDepth[b] = depth;
  }
  return { scale, base, outer, skull, sulcus, sulcusDepth, sulcusCortex };
}
