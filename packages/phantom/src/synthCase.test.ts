import { describe, expect, it } from 'vitest';
import { createRng } from '@hemocam/core';
import { HEMORRHAGE_TYPES, samplePhantomParams, type HemorrhageType } from './phantomParams.js';
import { renderPhantom } from './renderPhantom.js';
import { synthCase } from './synthCase.js';

const SMALL = { size: 64, slices: 12 };

function values(data: ArrayLike<number>, pick: (i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < data.length; i++) if (pick(i)) out.push(data[i]!);
  return out.sort((a, b) => a - b);
}
const median = (v: number[]) => v[Math.floor(v.length / 2)];

describe('synthCase', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = synthCase(7, { ...SMALL, positive: true });
    const b = synthCase(7, { ...SMALL, positive: true });
    expect(Buffer.from(a.image.data.buffer).equals(Buffer.from(b.image.data.buffer))).toBe(true);
    expect(Buffer.from(a.label.data.buffer).equals(Buffer.from(b.label.data.buffer))).toBe(true);
    expect(Buffer.from(synthCase(8, { ...SMALL, positive: true }).image.data.buffer).equals(Buffer.from(a.image.data.buffer))).toBe(false);
  });

  it('has clinical HU: air outside, dense skull, brain in 20–45, on an INSTANCE-like grid', () => {
    const c = synthCase(3, { positive: false, size: 128, slices: 16 });
    expect(c.image.dims).toEqual([128, 128, 16]);
    expect(c.image.spacing[0]).toBeGreaterThan((0.42 * 512) / 128 - 1e-9);
    expect(c.image.spacing[0]).toBeLessThan((0.49 * 512) / 128 + 1e-9);
    expect(c.image.spacing[2]).toBe(10);
    const data = c.image.data;
    expect(Math.abs(data[0]! + 1000)).toBeLessThan(30); // a corner is air
    const bone = values(data, (i) => data[i]! > 600);
    expect(bone.length).toBeGreaterThan(1000);
    expect(bone[bone.length - 1]).toBeGreaterThan(1200);
    const soft = values(data, (i) => data[i]! > 0 && data[i]! < 100);
    expect(median(soft)).toBeGreaterThan(20);
    expect(median(soft)).toBeLessThan(45);
    expect(c.label.data.every((v) => v === 0)).toBe(true);
    expect(c.sliceLabels.every((v) => v === 0)).toBe(true);
  });

  it('labels blood only, in the acute-blood HU range, and slice labels match the mask exactly', () => {
    let labelled = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const c = synthCase(seed, { size: 128, slices: 12, positive: true });
      const plane = 128 * 128;
      c.sliceLabels.forEach((label, z) => {
        const any = c.label.data.subarray(z * plane, (z + 1) * plane).some((v) => v === 1);
        expect(label).toBe(any ? 1 : 0);
      });
      const inside = values(c.image.data, (i) => c.label.data[i] === 1);
      if (inside.length === 0) continue;
      labelled++;
      expect(median(inside)).toBeGreaterThan(35); // above white matter even for tiny bleeds blurred by 10 mm slices
      expect(median(inside)).toBeLessThan(95);
      expect(c.subtypes.length).toBeGreaterThan(0);
      expect(c.volumeMl).toBeGreaterThan(0);
    }
    expect(labelled).toBeGreaterThanOrEqual(6); // thin SAH may vanish at 64×64, most cases keep voxels
  });

  it('makes every hemorrhage type, from under 1 mL to over 50 mL', () => {
    const seen = new Set<HemorrhageType>();
    const volumes: number[] = [];
    for (let seed = 1; seed <= 60; seed++) {
      const c = synthCase(seed, { size: 96, slices: 16, positive: true });
      c.subtypes.forEach((t) => seen.add(t));
      if (c.volumeMl > 0) volumes.push(c.volumeMl);
    }
    expect([...seen].sort()).toEqual([...HEMORRHAGE_TYPES].sort());
    expect(Math.min(...volumes)).toBeLessThan(1);
    expect(Math.max(...volumes)).toBeGreaterThan(50);
  });

  describe('hard', () => {
    it('draws types in RSNA proportions: subdurals most often, epidurals rarely', () => {
      const counts = new Map<HemorrhageType, number>();
      for (let seed = 0; seed < 600; seed++) for (const h of samplePhantomParams(createRng(seed, 'phantom'), true, 'hard').hemorrhages) counts.set(h.type, (counts.get(h.type) ?? 0) + 1);
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const share = (t: HemorrhageType) => (counts.get(t) ?? 0) / total;
      expect(share('SDH')).toBeGreaterThan(0.25);
      expect(Math.max(share('IPH'), share('SAH'), share('IVH'))).toBeLessThan(share('SDH'));
      expect(share('EDH')).toBeGreaterThan(0.005);
      expect(share('EDH')).toBeLessThan(0.05);
    });

    it('adds blood-range mimics to the same head: negatives keep their anatomy and gain voxels at 50–90 HU', () => {
      const grid = { size: 128, slices: 16, spacing: [1.8, 1.8, 10] as [number, number, number], z0: -50 };
      let standard = 0;
      let hard = 0;
      for (let seed = 1; seed <= 6; seed++) {
        const inRange = (difficulty: 'standard' | 'hard') => renderPhantom(samplePhantomParams(createRng(seed, 'phantom'), false, difficulty), grid).hu.filter((v) => v >= 50 && v <= 90).length;
        standard += inRange('standard');
        hard += inRange('hard');
        const [a, b] = (['standard', 'hard'] as const).map((d) => samplePhantomParams(createRng(seed, 'phantom'), false, d));
        expect(b!.headA).toBe(a!.headA);
        expect(b!.sulci).toEqual(a!.sulci);
      }
      expect(hard).toBeGreaterThan(standard * 1.3); // 1.5× here: calcified plaques and pallidus, dense vessels, cupping
    });

    it('makes isodense subdurals that a 50–90 HU threshold misses, still labelled', () => {
      const seed = [...Array(400).keys()].find((s) => samplePhantomParams(createRng(s, 'phantom'), true, 'hard').hemorrhages.every((h) => h.type === 'SDH' && h.hu < 45))!;
      expect(seed).toBeDefined();
      const c = synthCase(seed, { size: 128, slices: 16, positive: true, difficulty: 'hard' });
      const inside = values(c.image.data, (i) => c.label.data[i] === 1);
      expect(inside.length).toBeGreaterThan(100);
      expect(median(inside)).toBeLessThan(48);
      expect(c.subtypes).toEqual(['SDH']);
    });

    it('is deterministic and differs from the standard case of the same seed', () => {
      const a = synthCase(11, { ...SMALL, positive: true, difficulty: 'hard' });
      const b = synthCase(11, { ...SMALL, positive: true, difficulty: 'hard' });
      expect(Buffer.from(a.image.data.buffer).equals(Buffer.from(b.image.data.buffer))).toBe(true);
      expect(Buffer.from(synthCase(11, { ...SMALL, positive: true }).image.data.buffer).equals(Buffer.from(a.image.data.buffer))).toBe(false);
    });
  });
});
