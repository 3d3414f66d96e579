import { describe, expect, it } from 'vitest';
import { checkArtifactGraph } from './checkArtifactGraph.js';

describe('checkArtifactGraph', () => {
  it('orders consumers after providers, keeping YAML order otherwise', () => {
    const { order, issues } = checkArtifactGraph(
      [
        { key: 'refine', needs: ['cam', 'pseudoMask'], provides: ['mask'] },
        { key: 'classify', needs: ['volume'], provides: ['sliceProbs'] },
        { key: 'pseudo', needs: ['volume'], provides: ['pseudoMask'] },
        { key: 'cam', needs: ['sliceProbs'], provides: ['cam'] },
      ],
      ['volume'],
    );
    expect(issues).toEqual([]);
    expect(order).toEqual(['classify', 'pseudo', 'cam', 'refine']);
  });

  it('reports every missing and duplicate provider at once', () => {
    const { issues } = checkArtifactGraph(
      [
        { key: 'a', needs: ['cam'], provides: ['mask'] },
        { key: 'b', needs: ['brainMask'], provides: ['mask'] },
        { key: 'c', needs: [], provides: ['volume'] },
      ],
      ['volume'],
    );
    expect(issues.map((i) => i.path)).toEqual(['stages.b.use', 'stages.c.use', 'stages.a.use', 'stages.b.use']);
    expect(issues[1]?.message).toMatch(/the input itself already provides/);
  });

  it('finds a stage that needs its own output', () => {
    const { issues } = checkArtifactGraph([{ key: 'self', needs: ['x'], provides: ['x'] }], ['volume']);
    expect(issues).toEqual([{ path: 'stages.self.use', message: expect.stringMatching(/cycle/) }]);
  });
});
