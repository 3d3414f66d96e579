import type { Hemorrhage, PhantomParams } from './phantomParams.js';
import { bloodFraction, type Site } from './bloodFraction.js';
import { ANGLE_BINS, sliceTables, type SliceTables } from './sliceTables.js';
import { valueNoise } from './valueNoise.js';

export interface PhantomGrid {
  size: number;
  slices: number;
  /** mm: in-plane x, y and slice spacing. */
  spacing: [number, number, number];
  /** z (head frame, mm) of the centre of slice 0. */
  z0: number;
}

export interface RenderedPhantom {
  /** HU before noise, x-fastest. */
  hu: Float32Array;
  /** Blood fraction per voxel (0..1), averaged over the slice thickness. */
  blood: Float32Array;
  /** 1 + index into `params.hemorrhages` of the hemorrhage with most blood at the voxel, 0 for none. */
  source: Uint8Array;
}

const ramp = (t: number, w: number) => (t <= -w / 2 ? 0 : t >= w / 2 ? 1 : 0.5 + t / w);
const lerp = (a: number, b: number, f: number) => a + (b - a) * f;
/** Fraction inside an axis-aligned ellipse of radii (rx, ry) centred at (cx, cy), 1-pixel edge. */
const ellipse = (x: number, y: number, cx: number, cy: number, rx: number, ry: number, px: number) => {
  const q = Math.sqrt(((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2);
  return ramp((1 - q) * Math.min(rx, ry), px);
};
const SUB_Z = [-1 / 3, 0, 1 / 3];
const angleGap = (a: number, b: number) => {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return Math.min(d, 2 * Math.PI - d);
};
/** HU of a hemorrhage's blood at a point: its density, lowered in swirls where it is of mixed density. */
const bleedHu = (h: Hemorrhage, x: number, y: number, z: number) =>
  h.swirl ? h.hu - h.swirl.amount * (h.hu - h.swirl.lowHu) * Math.max(0, Math.min(1, 0.5 + 0.9 * valueNoise(x / 4, y / 4, z / 4, h.swirl.seed))) : h.hu;

/**
 * Render the noise-free phantom: air, scalp, a skull with outer and inner tables around
 * diploë, grey and white matter with sulci, ventricles, deep grey nuclei, falx, skull base
 * with sinuses and mastoid air cells, and the mimics (calcifications, dense venous sinuses,
 * dense MCA, beam hardening); then the hemorrhages, whose fraction is averaged over three
 * depths inside the slice so that thick slices blur them as real 5 mm slices do.
 */
export function renderPhantom(p: PhantomParams, grid: PhantomGrid): RenderedPhantom {
  const { size, slices, spacing } = grid;
  const [dx, dy, dz] = spacing;
  const px = Math.min(dx, dy);
  const hu = new Float32Array(size * size * slices);
  const blood = new Float32Array(size * size * slices);
  const source = new Uint8Array(size * size * slices);
  const cosY = Math.cos(p.yaw);
  const sinY = Math.sin(p.yaw);
  const site: Site = { x: 0, y: 0, z: 0, angle: 0, depth: 0, sulcalCsf: 0, ventricle: 0, pixel: px };
  const edema = { value: 0 };
  for (let k = 0; k < slices; k++) {
    const z = grid.z0 + k * dz;
    const tables = sliceTables(p, z, px);
    if (tables.scale <= 0) {
      hu.fill(-1000, k * size * size, (k + 1) * size * size);
      continue;
    }
    const hem = p.hemorrhages.filter((h) => h.type !== 'IPH' || h.lobes.some((l) => Math.abs(l.z - z) < l.rz + dz));
    const cx = p.cx + p.tiltX * z;
    const cy = p.cy + p.tiltY * z;
    for (let j = 0; j < size; j++) {
      const wy = (j - size / 2 + 0.5) * dy - cy;
      for (let i = 0; i < size; i++) {
        const wx = (size / 2 - i - 0.5) * dx - cx;
        const x = cosY * wx + sinY * wy;
        const y = -sinY * wx + cosY * wy;
        const r = Math.sqrt(x ** 2 + y ** 2);
        const angle = Math.atan2(y, x);
        const bin = Math.min(ANGLE_BINS - 1, Math.floor(((angle + Math.PI) / (2 * Math.PI)) * ANGLE_BINS));
        const depthSkin = tables.outer[bin]! - r;
        const index = i + size * (j + size * k);
        if (depthSkin < -px) {
          hu[index] = -1000;
          continue;
        }
        const skull = tables.skull[bin]!;
        const inBone = depthSkin - p.scalp;
        const depth = inBone - skull;
        // Bone: dense outer and inner tables around the diploë.
        let v = lerp(-1000, 38, ramp(depthSkin, px));
        if (inBone > -px && depth < px) {
          const tables2 = Math.max(ramp(1.6 - inBone, px), ramp(1.6 - (skull - inBone), px));
          v = lerp(v, lerp(780 + 220 * valueNoise(x / 2.5, y / 2.5, z / 2.5, 17), 1500, tables2), ramp(inBone, px));
        }
        if (depth > -px) {
          site.x = x;
          site.y = y;
          site.z = z;
          site.angle = angle;
          site.depth = depth;
          const inside = intracranial(p, tables, bin, site, px);
          let value = inside;
          let fraction = 0;
          if (hem.length > 0) {
            edema.value = 0;
            let strongest = 0;
            let dominant: (typeof hem)[number] | undefined;
            for (const dzf of SUB_Z) {
              site.z = z + dzf * dz;
              let f = 0;
              for (let h = 0; h < hem.length; h++) {
                const hemorrhage = hem[h]!;
                const fh = bloodFraction(hemorrhage, site, edema);
                if (fh > f) f = fh;
                if (fh > strongest) [strongest, dominant] = [fh, hemorrhage];
              }
              fraction += f / SUB_Z.length;
            }
            // No blood inside skull-base bone, sinus air or calcifications: only soft tissue bleeds.
            if (inside > 150) fraction *= Math.max(0, 1 - (inside - 150) / 150);
            else if (inside < -50) fraction *= Math.max(0, 1 + (inside + 50) / 150);
            if (dominant) {
              source[index] = p.hemorrhages.indexOf(dominant) + 1;
              value = lerp(lerp(inside, p.white - 12, Math.min(1, edema.value)), bleedHu(dominant, x, y, z), fraction);
            } else if (edema.value > 0) {
              value = lerp(inside, p.white - 12, Math.min(1, edema.value));
            }
          }
          const f = ramp(depth, px);
          v = lerp(v, value, f);
          blood[index] = fraction * f;
        }
        hu[index] = v;
      }
    }
  }
  return { hu, blood, source };
}

/** The intracranial content at a site: brain, CSF spaces, falx, skull base and mimics. */
function intracranial(p: PhantomParams, t: SliceTables, bin: number, s: Site, px: number): number {
  const { x, y, z, depth } = s;
  const ax = Math.abs(x);
  const v0 = p.ventricles;
  // Sulci wander sideways with depth instead of running straight to the centre.
  const r = Math.sqrt(x * x + y * y) + 1;
  const wander = (2.2 * Math.sin(depth * 0.45 + s.angle * 11 + z * 0.05) + 1.2 * Math.sin(depth * 0.23 + s.angle * 23 + z * 0.11)) / r;
  const sb = (bin + Math.round((wander * ANGLE_BINS) / (2 * Math.PI)) + ANGLE_BINS) % ANGLE_BINS;
  // Cortex: a ribbon under the surface and along each sulcus, down to its fundus.
  const cortex = Math.max(ramp(3 - depth, px), t.sulcusCortex[sb]! * ramp(t.sulcusDepth[sb]! + 2.5 - depth, px));
  let v = lerp(p.white, p.grey, cortex * Math.min(1, t.scale * 1.5));
  // Deep grey nuclei (basal ganglia, thalami).
  if (z > -20 && z < 10) v = lerp(v, p.grey - 3, ellipse(ax, y, 18, 2, 8, 15, px) * ramp(10 - Math.abs(z + 5), px));
  // Ventricles: lateral bodies and horns, third and fourth ventricles.
  let vent = 0;
  if (z > -12 && z < 28) vent = Math.max(vent, ellipse(ax, y, 3 + 4 * v0 + 0.006 * (y + 4) ** 2, -4, 4 * v0, 24 * v0, px) * ramp(14 - Math.abs(z - 8), px)); // bodies diverging at both horns
  if (z > -16 && z < 6) vent = Math.max(vent, ellipse(ax, y, 13 * v0, -26, 5 * v0, 7 * v0, px)); // atria, occipital horns
  if (z > -22 && z < -4) vent = Math.max(vent, ellipse(ax, y, 0, -2, 1.5 * v0, 11, px));
  if (z > -48 && z < -30) vent = Math.max(vent, ellipse(ax, y, 0, -0.4 * p.headB, 5, 3.5, px));
  // Surface CSF, sulci, the interhemispheric fissure and basal cisterns.
  let csf = Math.max(ramp(1 - depth, px), t.sulcus[sb]! * ramp(t.sulcusDepth[sb]! - depth, px));
  const fissure = (z > 15 || Math.abs(y) > 0.45 * p.headB) && z > -20 ? ramp(1.4 * v0 - ax, px) : 0;
  csf = Math.max(csf, fissure);
  // Suprasellar and ambient cisterns wrapping the midbrain, which sits behind their centre.
  if (z < -14 && z > -38) csf = Math.max(csf, ellipse(ax, y, 0, 3, 12 * v0, 9 * v0, px) - ellipse(ax, y, 0, -4, 8, 7, px) - ellipse(ax, y, 0, 8, 3, 2, px));
  s.sulcalCsf = csf;
  s.ventricle = vent;
  v = lerp(v, p.csf, Math.max(csf, vent));
  // Falx cerebri, mildly dense, with the calcifications.
  if (fissure > 0) v = lerp(v, 52, ramp(0.45 - ax, px) * ramp(depth - 1.5, px));
  for (const c of p.calcifications) {
    const d = Math.sqrt((x - c.x) ** 2 + (y - c.y) ** 2 + (z - c.z) ** 2);
    if (d < c.r + px) v = lerp(v, c.hu, ramp(c.r - d, px));
  }
  // Dense dural venous sinuses: superior sagittal (posterior midline, triangular) and transverse.
  if (y < 0 && z > -25) v = lerp(v, p.denseSinus, ramp(6 - depth - ax * 1.5, px) * ramp(-y - 0.6 * p.headB * t.scale, px));
  if (z > -44 && z < -26 && y < -0.45 * p.headB) v = lerp(v, p.denseSinus, ramp(4.5 - depth, px));
  if (p.denseMca && z > -26 && z < -17) v = lerp(v, p.vesselHu, ramp(1.6 - Math.abs(y - 8), px) * ramp(ax - 10, px) * ramp(45 - ax, px) * (x > 0 ? 1 : 0));
  if (p.denseBasilar && z > -45 && z < -22) v = lerp(v, p.vesselHu, ellipse(x, y, 0, 10, 2, 2, px)); // in front of the pons
  for (const q of p.plaques) {
    const d = Math.sqrt((angleGap(s.angle, q.angle) * r) ** 2 + (z - q.z) ** 2 + (depth - 0.8) ** 2);
    if (d < q.r + px) v = lerp(v, q.hu, ramp(q.r - d, px) * ramp(2 - Math.abs(depth - 0.8), px));
  }
  // Beam hardening: cupping next to the inner table, and a dark band between the petrous bones.
  v += p.beamHardening * Math.exp(-Math.max(0, depth) / 3);
  if (t.base > 0) v = skullBase(p, t, s, v, px);
  return v;
}

/** The lowest slices: anterior fossa floor with sinuses, petrous ridges with mastoid air cells. */
function skullBase(p: PhantomParams, t: SliceTables, s: Site, value: number, px: number): number {
  const { x, y, z } = s;
  const ax = Math.abs(x);
  const a = p.headA * t.scale;
  const b = p.headB * t.scale;
  // Beam hardening between the petrous bones: a faint dark band (the "Hounsfield bar").
  let v = value - 14 * t.base * ramp(3 - Math.abs(y + 0.12 * b), 3) * ramp(0.5 * a - ax, 6);
  // Streaks radiating from the petrous bones: bright and dark lines, fading with distance.
  if (p.streaks > 0) {
    const [sx, sy] = [0.45 * a, -0.2 * b];
    const dist = Math.sqrt((ax - sx) ** 2 + (y - sy) ** 2);
    v += p.streaks * t.base * valueNoise(Math.atan2(y - sy, ax - sx) * 14, z / 30, 0, 47) * Math.exp(-dist / 40);
  }
  // Anterior fossa floor: a wavy bony plate, curved back at the midline (sella). In front of
  // and below it (lower slices): the orbits (globe in fat), ethmoid air cells and nasal cavity.
  const floor = b * (0.75 - 0.8 * t.base) + 10 * t.base * Math.cos((x / a) * Math.PI) + 3 * valueNoise(x / 9, z / 9, 0, 23);
  const plate = 3 + 4 * t.base;
  const front = ramp(y - floor - plate, px);
  if (front > 0) {
    const orbitY = floor + plate + 0.45 * (b - floor - plate);
    const globe = ellipse(ax, y, 0.42 * a, orbitY, 10, 11, px);
    const orbit = ellipse(ax, y, 0.42 * a, orbitY, 15, 17, px);
    const ethmoid = ramp(0.2 * a - ax, px) * ramp(valueNoise(x / 2.2, y / 2.2, z / 2.2, 31) + 0.15, px);
    let anterior = lerp(lerp(900 + 250 * valueNoise(x / 3, y / 3, z / 3, 29), -85, orbit), 12, globe);
    anterior = lerp(anterior, -950, ethmoid * (1 - orbit));
    anterior = lerp(anterior, 800, ramp(0.8 - ax, px)); // nasal septum
    v = lerp(v, anterior, front);
  }
  const bone = 950 + 300 * valueNoise(x / 3, y / 3, z / 3, 29);
  v = lerp(v, bone, ramp(y - floor, px) * ramp(floor + plate - y, px));
  // Sphenoid sinus: air in the bone behind the plate at the midline.
  v = lerp(v, -950, ellipse(ax, y, 0, floor - 8, 7 * t.base + 2, 6, px) * ramp(t.base - 0.3, 0.2));
  // Petrous ridges: oblique dense bars from posterolateral to anteromedial, tapering medially.
  const [x0, y0, x1, y1] = [0.8 * a, -0.32 * b, 13, 0.02 * b];
  const u = Math.min(1, Math.max(0, ((ax - x0) * (x1 - x0) + (y - y0) * (y1 - y0)) / ((x1 - x0) ** 2 + (y1 - y0) ** 2)));
  const dist = Math.sqrt((ax - (x0 + u * (x1 - x0))) ** 2 + (y - (y0 + u * (y1 - y0))) ** 2);
  const width = (2 + 6 * t.base) * (1.3 - 0.7 * u) + 1.5 * valueNoise(x / 5, y / 5, z / 5, 37);
  const ridge = ramp(width - dist, px);
  v = lerp(v, 1250 + 250 * valueNoise(x / 2, y / 2, z / 2, 41), ridge);
  // Mastoid air cells at the posterolateral end.
  const mastoid = ramp(14 - Math.sqrt((ax - 0.74 * a) ** 2 + (y + 0.36 * b) ** 2), 3) * ramp(valueNoise(x / 1.8, y / 1.8, z / 1.8, 43) - 0.05, px);
  return lerp(v, -900, mastoid * ridge);
}
