import { describe, expect, it } from 'vitest';
import { maskWhere } from './maskWhere.js';

describe('maskWhere', () => {
  it('is 1 exactly where the test holds, for truthy values of any type', () => {
    const values = [0, 3, -1, 0, 7];
    expect(Array.from(maskWhere(values.length, (i) => values[i]! > 0))).toEqual([0, 1, 0, 0, 1]);
    expect(Array.from(maskWhere(3, (i) => (i === 1 ? 'yes' : '')))).toEqual([0, 1, 0]);
    expect(maskWhere(0, () => true)).toHaveLength(0);
  });
});
