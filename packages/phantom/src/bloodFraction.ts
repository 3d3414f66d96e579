import type { Hemorrhage } from './phantomParams.js';

/** Where a point lies: head-frame position, depth below the inner table, and CSF it sits in. */
export interface Site {
  x: number;
  y: number;
  z: number;
  /** Angle in the head frame (rad, -π..π). */
  angle: number;
  /** Depth below the inner table of the skull (mm); < 0 is bone or outside. */
  depth: number;
  /** Fraction of sulcal / cisternal CSF here (0..1). */
  sulcalCsf: number;
  /** Fraction of ventricular CSF here (0..1). */
  ventricle: number;
  pixel: number;
}

const ramp = (t: number, w: number) => (t <= -w / 2 ? 0 : t >= w / 2 ? 1 : 0.5 + t / w);
const angleGap = (a: number, b: number) => {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return Math.min(d, 2 * Math.PI - d);
};
/** Smooth taper: 1 at the centre, 0 at |u| >= 1. */
const taper = (u: number) => (u >= 1 ? 0 : Math.sqrt(1 - u * u));

/**
 * Fraction (0..1) of blood of one hemorrhage at a site, with a one-pixel partial-volume
 * ramp at its edges. `edema` receives the fraction of hypodense oedema around an IPH.
 */
export function bloodFraction(h: Hemorrhage, s: Site, edema: { value: number }): number {
  switch (h.type) {
    case 'IPH': {
      let best = Infinity;
      let rmin = 1;
      for (const l of h.lobes) {
        const q = Math.sqrt(((s.x - l.x) / l.rx) ** 2 + ((s.y - l.y) / l.ry) ** 2 + ((s.z - l.z) / l.rz) ** 2);
        if (q < best) [best, rmin] = [q, Math.min(l.rx, l.ry, l.rz)];
      }
      const signed = (best - 1) * rmin; // ≈ mm outside the blob
      if (signed > h.edema + s.pixel) return 0;
      const inBrain = ramp(s.depth - 2, s.pixel);
      const blood = ramp(-signed, s.pixel) * inBrain;
      if (h.edema > 0) edema.value = Math.max(edema.value, (ramp(h.edema - signed, s.pixel) - blood) * inBrain);
      return blood;
    }
    case 'SDH':
    case 'EDH': {
      const u = angleGap(s.angle, h.angle) / h.span;
      const w = Math.abs(s.z - h.z) / h.zHalf;
      // Subdural: a crescent that hugs the inner table and thins at its ends; epidural: a lens.
      const thick = h.type === 'SDH' ? h.thickness * taper(u) ** 0.5 * taper(w) ** 0.5 : h.thickness * Math.max(0, 1 - u * u - w * w);
      return thick <= 0 ? 0 : ramp(thick - s.depth, s.pixel) * ramp(s.depth + s.pixel / 2, s.pixel);
    }
    case 'SAH': {
      const within = taper(angleGap(s.angle, h.angle) / h.span) * taper(Math.abs(s.z - h.z) / h.zHalf);
      const cistern = h.cisterns && s.z < -12 && s.z > -40 ? 1 : 0;
      return s.sulcalCsf * Math.min(1, Math.max(within * 3, cistern));
    }
    case 'IVH': {
      if (s.ventricle <= 0) return 0;
      const side = h.side === 0 || Math.sign(s.x) === h.side ? 1 : 0;
      return s.ventricle * side * ramp(h.level - s.y, s.pixel); // dependent layering (patient supine: posterior)
    }
  }
}
