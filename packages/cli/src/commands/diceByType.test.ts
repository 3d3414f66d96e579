import { describe, expect, it } from 'vitest';
import { summarise } from '@hemocam/io';
import { diceByType } from './diceByType.js';

describe('diceByType', () => {
  it('averages over every case that contains a type, whatever it is combined with', () => {
    const byType = { 'IPH;SDH': summarise([0.2, 0.4]), IPH: summarise([0.9]), SDH: summarise([0.6, 0.8, 1]), IVH: summarise([]) };
    const types = diceByType(byType);
    expect([...types.keys()]).toEqual(['IPH', 'SDH']);
    expect(types.get('IPH')?.n).toBe(3);
    expect(types.get('IPH')?.mean).toBeCloseTo(0.5, 12);
    expect(types.get('SDH')?.n).toBe(5);
    expect(types.get('SDH')?.mean).toBeCloseTo(0.6, 12);
  });
});
