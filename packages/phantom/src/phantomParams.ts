/**
 * Random anatomy, mimics and hemorrhages of one synthetic head-CT case. All lengths in mm,
 * in the head frame: x' to the patient's left-right, y' anterior (+) / posterior (-),
 * z up, with z = 0 at the level of the lateral ventricles' bodies.
 */
export type HemorrhageType = 'IPH' | 'SDH' | 'EDH' | 'SAH' | 'IVH';
export const HEMORRHAGE_TYPES: readonly HemorrhageType[] = ['IPH', 'SDH', 'EDH', 'SAH', 'IVH'];

export interface Lobe {
  x: number;
  y: number;
  z: number;
  rx: number;
  ry: number;
  rz: number;
}

export type Hemorrhage =
  | { type: 'IPH'; hu: number; lobes: Lobe[]; edema: number }
  | { type: 'SDH' | 'EDH'; hu: number; angle: number; span: number; z: number; zHalf: number; thickness: number }
  | { type: 'SAH'; hu: number; angle: number; span: number; z: number; zHalf: number; cisterns: boolean }
  | { type: 'IVH'; hu: number; side: -1 | 1 | 0; level: number };

export interface Calcification {
  x: number;
  y: number;
  z: number;
  r: number;
  hu: number;
}

export interface PhantomParams {
  /** Head half-widths (mm) at the widest level, left-right and antero-posterior. */
  headA: number;
  headB: number;
  /** Outline harmonics: amplitude and phase for k = 2..5. */
  harmonics: { k: number; amp: number; phase: number }[];
  /** In-plane yaw (rad) and centre offset (mm); tilt: centre drift per mm of z. */
  yaw: number;
  cx: number;
  cy: number;
  tiltX: number;
  tiltY: number;
  scalp: number;
  skull: number;
  skullHarmonics: { k: number; amp: number; phase: number }[];
  /** Cortical sulci: centre angle at z = 0, drift per mm of z, half-width and depth (mm). */
  sulci: { angle: number; drift: number; width: number; depth: number }[];
  /** Ventricle size factor (atrophy makes them larger). */
  ventricles: number;
  grey: number;
  white: number;
  csf: number;
  noiseSigma: number;
  beamHardening: number;
  denseSinus: number;
  denseMca: boolean;
  calcifications: Calcification[];
  hemorrhages: Hemorrhage[];
}

const uniform = (rng: () => number, lo: number, hi: number) => lo + (hi - lo) * rng();
const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!; // only constant, non-empty lists

/** Sample a case; `positive` decides whether it gets one or more hemorrhages. */
export function samplePhantomParams(rng: () => number, positive: boolean): PhantomParams {
  const harmonics = [2, 3, 4, 5].map((k) => ({ k, amp: uniform(rng, 0.005, 0.03) / (k - 1), phase: uniform(rng, 0, 2 * Math.PI) }));
  const skullHarmonics = [2, 3, 5, 7].map((k) => ({ k, amp: uniform(rng, 0.05, 0.18), phase: uniform(rng, 0, 2 * Math.PI) }));
  const sulcusCount = Math.round(uniform(rng, 44, 64));
  const sulci = Array.from({ length: sulcusCount }, (_, i) => ({
    angle: ((i + uniform(rng, -0.3, 0.3)) / sulcusCount) * 2 * Math.PI,
    drift: uniform(rng, -0.012, 0.012),
    width: uniform(rng, 0.35, 1.1),
    depth: rng() < 0.35 ? uniform(rng, 3, 7) : uniform(rng, 9, 20),
  }));
  const calcifications: Calcification[] = [];
  if (rng() < 0.7)
    for (const side of [-1, 1]) calcifications.push({ x: side * uniform(rng, 14, 19), y: uniform(rng, -30, -24), z: uniform(rng, -4, 6), r: uniform(rng, 1.5, 3.5), hu: uniform(rng, 120, 400) }); // choroid plexus
  if (rng() < 0.6) calcifications.push({ x: 0, y: uniform(rng, -22, -18), z: uniform(rng, -14, -9), r: uniform(rng, 1.5, 3), hu: uniform(rng, 100, 350) }); // pineal
  if (rng() < 0.35) calcifications.push({ x: 0, y: uniform(rng, -40, 50), z: uniform(rng, 20, 70), r: uniform(rng, 1, 2.5), hu: uniform(rng, 150, 500) }); // falx
  const hemorrhages: Hemorrhage[] = [];
  if (positive) {
    const count = rng() < 0.7 ? 1 : rng() < 0.75 ? 2 : 3;
    for (let i = 0; i < count; i++) hemorrhages.push(sampleHemorrhage(rng, pick(rng, HEMORRHAGE_TYPES)));
  }
  return {
    headA: uniform(rng, 68, 80),
    headB: uniform(rng, 86, 98),
    harmonics,
    yaw: uniform(rng, -15, 15) * (Math.PI / 180),
    cx: uniform(rng, -8, 8),
    cy: uniform(rng, -10, 6),
    tiltX: uniform(rng, -0.06, 0.06),
    tiltY: uniform(rng, -0.1, 0.1),
    scalp: uniform(rng, 4, 7),
    skull: uniform(rng, 4.5, 7.5),
    skullHarmonics,
    sulci,
    ventricles: uniform(rng, 0.8, 1.5),
    grey: uniform(rng, 38, 44),
    white: uniform(rng, 23, 29),
    csf: uniform(rng, 3, 12),
    noiseSigma: uniform(rng, 2.5, 6),
    beamHardening: uniform(rng, 4, 12),
    denseSinus: uniform(rng, 52, 68),
    denseMca: rng() < 0.25,
    calcifications,
    hemorrhages,
  };
}

function sampleHemorrhage(rng: () => number, type: HemorrhageType): Hemorrhage {
  const angle = uniform(rng, 0, 2 * Math.PI);
  switch (type) {
    case 'IPH': {
      // Log-uniform radius: volumes from well under 1 mL to over 50 mL.
      const radius = Math.exp(uniform(rng, Math.log(4), Math.log(26)));
      const dist = uniform(rng, 10, 45) * (1 - radius / 60);
      const [x, y, z] = [Math.cos(angle) * dist * 0.8, Math.sin(angle) * dist, uniform(rng, -10, 45)];
      const lobes = Array.from({ length: 2 + Math.floor(rng() * 4) }, (_, i) => {
        const r = radius * (i === 0 ? 1 : uniform(rng, 0.35, 0.75));
        const off = i === 0 ? 0 : radius * uniform(rng, 0.4, 0.9);
        const a = uniform(rng, 0, 2 * Math.PI);
        return {
          x: x + Math.cos(a) * off,
          y: y + Math.sin(a) * off,
          z: z + uniform(rng, -0.5, 0.5) * off,
          rx: r * uniform(rng, 0.7, 1.2),
          ry: r * uniform(rng, 0.7, 1.2),
          rz: r * uniform(rng, 0.6, 1.1),
        };
      });
      return { type, hu: uniform(rng, 55, 85), lobes, edema: rng() < 0.6 ? uniform(rng, 1.5, 6) : 0 };
    }
    case 'SDH':
      return {
        type,
        hu: uniform(rng, 50, 78),
        angle,
        span: uniform(rng, 0.5, 1.3),
        z: uniform(rng, 0, 50),
        zHalf: uniform(rng, 20, 45),
        thickness: Math.exp(uniform(rng, Math.log(2.5), Math.log(16))),
      };
    case 'EDH':
      return { type, hu: uniform(rng, 55, 85), angle, span: uniform(rng, 0.25, 0.55), z: uniform(rng, -5, 55), zHalf: uniform(rng, 10, 25), thickness: uniform(rng, 6, 24) };
    case 'SAH':
      return { type, hu: uniform(rng, 48, 72), angle, span: uniform(rng, 0.5, 1.6), z: uniform(rng, -10, 50), zHalf: uniform(rng, 12, 35), cisterns: rng() < 0.5 };
    case 'IVH':
      return { type, hu: uniform(rng, 55, 80), side: pick(rng, [-1, 0, 1] as const), level: uniform(rng, -28, -8) };
  }
}
