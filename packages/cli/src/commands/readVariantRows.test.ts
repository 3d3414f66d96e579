import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HemocamError } from '@hemocam/core';
import { hemocam } from '../../test/hemocam.js';
import { workdir } from '../../test/workdir.js';
import { variantsOf } from './ablate.js';
import { readVariantRows } from './readVariantRows.js';

async function failure(text: string): Promise<HemocamError> {
  const file = join(workdir(), 'rows.yaml');
  writeFileSync(file, text);
  const error = await readVariantRows(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HemocamError);
  return error as HemocamError;
}

describe('ablate --variants', () => {
  it('reads named rows in file order and crosses them with --vary', async () => {
    const file = join(workdir(), 'rows.yaml');
    writeFileSync(file, ['as is: []', 'cam only:', "  - 'stages.segment={ use: cam-threshold }'", '  - stages.teacher=null', 'empty:'].join('\n'));
    const rows = await readVariantRows(file);
    expect(rows).toEqual([
      { name: 'as is', overrides: [] },
      { name: 'cam only', overrides: ['stages.segment={ use: cam-threshold }', 'stages.teacher=null'] },
      { name: 'empty', overrides: [] },
    ]);
    expect(variantsOf(['stages.cam.use=cam,grad-cam'], rows.slice(0, 2)).map((v) => [v.name, v.overrides.length])).toEqual([
      ['as is cam.use=cam', 1],
      ['as is cam.use=grad-cam', 1],
      ['cam only cam.use=cam', 3],
      ['cam only cam.use=grad-cam', 3],
    ]);
    expect(variantsOf(['seed=1,2']).map((v) => v.name)).toEqual(['seed=1', 'seed=2']);
  });

  it('refuses a file that is not rows of path=value lists, naming the file, the line and the row', async () => {
    expect((await failure('- a=1\n')).message).toMatch(/rows\.yaml: expected a mapping of row name/);
    expect((await failure('a: [x=1]\nb: x=2\n')).message).toMatch(/rows\.yaml:2: row "b": expected a mapping/);
    const unquoted = await failure('c:\n  - stages.segment={ use: cam-threshold }\n');
    expect(unquoted.code).toBe('CONFIG');
    expect(unquoted.message).toMatch(/rows\.yaml:1: row "c", item 1: expected path=value.*quote it/);
    expect((await failure('a: [x=1\n')).message).toMatch(/rows\.yaml: not valid YAML/);
  });

  it('hemocam ablate: a missing file, no --vary nor --variants, and two rows in one folder are usage errors (exit 2)', () => {
    const dir = workdir();
    writeFileSync(join(dir, 'rows.yaml'), 'a b: [seed=1]\na_b: [seed=2]\n');
    const args = ['ablate', 'p.yaml', '--data', 'd', '--out', 'o'];
    const missing = hemocam([...args, '--variants', 'nope.yaml'], dir);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/--variants nope\.yaml: cannot read it \(ENOENT\)/)]);
    expect(hemocam(args, dir).stderr).toMatch(/give --vary PATH=A,B,\.\.\. or --variants FILE/);
    const clash = hemocam([...args, '--variants', 'rows.yaml'], dir);
    expect([clash.code, clash.stderr]).toEqual([2, expect.stringMatching(/two variants would share the folder variants\/a_b/)]);
  });
});
