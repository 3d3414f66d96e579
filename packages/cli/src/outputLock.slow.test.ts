import { spawn } from 'node:child_process';
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hemocam } from '../test/hemocam.js';
import { workdir } from '../test/workdir.js';

const BIN = resolve(import.meta.dirname, '../bin/hemocam.js');

describe('one output, one hemocam at a time', () => {
  it('a second run into an output folder in use is refused (exit 2) and writes nothing; the lock goes when the first ends', async () => {
    const dir = workdir();
    cpSync(resolve(import.meta.dirname, '../../core/test/fixtures/plugins/slow'), join(dir, 'plugins', 'slow'), { recursive: true });
    expect(hemocam(['synth', '--out', 'ph', '--cases', '2', '--size', '32', '--slices', '4', '--seed', '8'], dir).code).toBe(0);
    writeFileSync(join(dir, 'p.yaml'), ['apiVersion: hemocam/v1', 'plugins: ["./plugins/slow"]', 'backend: cpu', 'stages:', '  mask: { use: slow-threshold, with: { ms: 4000 } }', ''].join('\n'));
    const first = spawn(process.execPath, [BIN, 'run', 'p.yaml', '--run', 'run', '--input', 'ph', '--out', 'out'], { cwd: dir });
    let log = '';
    first.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exited = new Promise<number | null>((done) => first.on('exit', done));
    for (const started = Date.now(); !log.includes('cases: ') && Date.now() - started < 30_000;) await new Promise((r) => setTimeout(r, 50));
    const second = hemocam(['run', 'p.yaml', '--run', 'run', '--input', 'ph', '--out', 'out', '--force'], dir);
    expect(second.code).toBe(2);
    expect(second.stderr.trim()).toMatch(/^hemocam: error: out is in use by another hemocam command \(lock .*out\.lock\)/);
    const train = hemocam(['train', 'p.yaml', '--data', 'ph', '--out', 'out'], dir);
    expect(train).toMatchObject({ code: 2, stderr: expect.stringMatching(/out is in use/) });
    expect(await exited).toBe(0);
    expect(existsSync(join(dir, 'out.lock'))).toBe(false);
    expect(existsSync(join(dir, 'out.lock.pid'))).toBe(false);
    expect(hemocam(['run', 'p.yaml', '--run', 'run', '--input', 'ph', '--out', 'out', '--force'], dir).code).toBe(0);
  }, 90_000); // the first run's 2 × 4 s keep its lock while two more commands start, even on a loaded machine
});
