/**
 * Random anatomy, mimics and hemorrhages of one synthetic head-CT case. All lengths in mm,
 * in the head frame: x' to the patient's left-right, y' anterior (+) / posterior (-),
 * z up, with z = 0 at the level of the lateral ventricles' bodies.
 */
export type HemorrhageType = 'IPH' | 'SDH' | 'EDH' | 'SAH' | 'IVH';
export const HEMORRHAGE_TYPES: readonly HemorrhageType[] = ['IPH', 'SDH', 'EDH', 'SAH', 'IVH'];
/**
 * `standard`: acute blood, cleanly above grey matter (HU thresholds do most of the work).
 * `hard`: what real NCCT adds — hyperacute swirls and subacute, isodense subdurals, lower-density
 * SAH, mimics in the blood range (partial-volume calcifications of the basal ganglia and dural
 * plaques, dense sinuses and vessels), stronger cupping at the inner table, skull-base streaks,
 * noisier scans, and types in the proportions of the RSNA 2019 training labels.
 */
export type PhantomDifficulty = 'standard' | 'hard';
export const PHANTOM_DIFFICULTIES: readonly PhantomDifficulty[] = ['standard', 'hard'];

export interface Lobe {
  x: number;
  y: number;
  z: number;
  rx: number;
  ry: number;
  rz: number;
}

/** Mixed density: up to `amount` of the way from `hu` down to `lowHu`, in swirls of value noise (the swirl sign of active bleeding, acute-on-chronic subdurals). */
export interface Swirl {
  amount: number;
  lowHu: number;
  seed: number;
}

export type Hemorrhage = (
  | { type: 'IPH'; hu: number; lobes: Lobe[]; edema: number }
  | { type: 'SDH' | 'EDH'; hu: number; angle: number; span: number; z: number; zHalf: number; thickness: number }
  | { type: 'SAH'; hu: number; angle: number; span: number; z: number; zHalf: number; cisterns: boolean }
  | { type: 'IVH'; hu: number; side: -1 | 1 | 0; level: number }
) & { swirl?: Swirl };

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
  /** HU of a dense MCA or basilar artery (64 in the standard phantom). */
  vesselHu: number;
  denseBasilar: boolean;
  /** Amplitude (HU) of streaks radiating from the petrous bones in the lowest slices (0: none). */
  streaks: number;
  calcifications: Calcification[];
  /** Calcified dural plaques on the inner table: angle (rad), z (mm), radius (mm), HU. */
  plaques: { angle: number; z: number; r: number; hu: number }[];
  hemorrhages: Hemorrhage[];
}

const uniform = (rng: () => number, lo: number, hi: number) => lo + (hi - lo) * rng();
const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!; // only constant, non-empty lists

/**
 * Share of each type among bleeding slices in the RSNA 2019 Intracranial Hemorrhage Detection
 * training labels (Flanders et al., Radiology: AI 2020; stage-1 counts: subdural 47 166,
 * intraparenchymal 36 118, subarachnoid 35 675, intraventricular 26 205, epidural 3 145).
 */
const RSNA_TYPE_WEIGHTS: readonly [HemorrhageType, number][] = [
  ['SDH', 47166],
  ['IPH', 36118],
  ['SAH', 35675],
  ['IVH', 26205],
  ['EDH', 3145],
];
const pickWeighted = <T>(rng: () => number, items: readonly [T, number][]): T => {
  let u = rng() * items.reduce((sum, [, w]) => sum + w, 0);
  for (const [item, w] of items) if ((u -= w) < 0) return item;
  return items[items.length - 1]![0]; // only constant, non-empty lists
};

/** Sample a case; `positive` decides whether it gets one or more hemorrhages. `hard` draws its changes after the standard case's, so a negative case keeps its anatomy (a positive one draws other types, and the rest follows). */
export function samplePhantomParams(rng: () => number, positive: boolean, difficulty: PhantomDifficulty = 'standard'): PhantomParams {
  const hard = difficulty === 'hard';
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
    for (let i = 0; i < count; i++) hemorrhages.push(sampleHemorrhage(rng, hard ? pickWeighted(rng, RSNA_TYPE_WEIGHTS) : pick(rng, HEMORRHAGE_TYPES)));
  }
  const params: PhantomParams = {
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
    vesselHu: 64,
    denseBasilar: false,
    streaks: 0,
    calcifications,
    plaques: [],
    hemorrhages,
  };
  if (hard) hardenParams(rng, params);
  return params;
}

/** The `hard` phantom: bleeds of other ages and densities, more mimics in the blood range, more artefacts (drawn after the standard case's parameters). */
function hardenParams(rng: () => number, p: PhantomParams): void {
  for (const h of p.hemorrhages) {
    const seed = Math.floor(rng() * 2 ** 31);
    const u = rng();
    switch (h.type) {
      case 'IPH':
      case 'EDH':
        // Hyperacute bleeding: unclotted blood (40–55 HU) swirling inside the clot.
        if (u < 0.4) h.swirl = { amount: uniform(rng, 0.4, 0.9), lowHu: uniform(rng, 40, 55), seed };
        else if (u < 0.6) h.hu = uniform(rng, 50, 62);
        break;
      case 'SDH':
        // Subacute (isodense to grey matter) or acute-on-chronic (mixed with 20–35 HU fluid) in some cases.
        if (u < 0.25) h.hu = uniform(rng, 30, 45);
        else if (u < 0.45) h.swirl = { amount: uniform(rng, 0.5, 1), lowHu: uniform(rng, 20, 35), seed };
        else if (u < 0.65) h.hu = uniform(rng, 45, 55);
        break;
      case 'SAH':
        h.hu = uniform(rng, 42, 62); // thin sulcal blood, diluted by CSF
        break;
      case 'IVH':
        if (u < 0.4) h.hu = uniform(rng, 45, 58);
        break;
    }
  }
  // Partial-volume calcifications whose averaged density falls in the blood range.
  if (rng() < 0.5)
    for (const side of [-1, 1]) p.calcifications.push({ x: side * uniform(rng, 15, 21), y: uniform(rng, 0, 6), z: uniform(rng, -10, 0), r: uniform(rng, 1.5, 4), hu: uniform(rng, 65, 160) }); // globus pallidus
  const plaques = rng() < 0.5 ? 1 + Math.floor(rng() * 4) : 0;
  for (let i = 0; i < plaques; i++) p.plaques.push({ angle: uniform(rng, 0, 2 * Math.PI), z: uniform(rng, 0, 70), r: uniform(rng, 1.5, 4), hu: uniform(rng, 70, 200) });
  for (const c of p.calcifications) if (c.r < 2.5 && rng() < 0.5) c.hu = uniform(rng, 65, 110); // small ones: averaged into the blood range
  p.denseSinus = uniform(rng, 58, 76);
  p.denseMca = rng() < 0.4;
  p.denseBasilar = rng() < 0.4;
  p.vesselHu = uniform(rng, 55, 75);
  p.beamHardening = uniform(rng, 8, 20);
  p.streaks = uniform(rng, 10, 40);
  if (rng() < 0.3) p.noiseSigma = uniform(rng, 6, 10);
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
