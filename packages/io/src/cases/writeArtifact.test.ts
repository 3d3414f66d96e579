import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeArtifact } from './writeArtifact.js';

describe('writeArtifact', () => {
  it('refuses a case id that would write outside the output folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hemocam-out-'));
    await expect(writeArtifact(dir, '../escape', 'score', 1)).rejects.toThrow(/would write outside the output folder/);
    await expect(writeArtifact(dir, 'a/b', 'score', 1)).rejects.toThrow(/path separators/);
    expect(await writeArtifact(dir, 'ok', 'score', 1)).toEqual([join(dir, 'ok_score.json')]);
  });
});
