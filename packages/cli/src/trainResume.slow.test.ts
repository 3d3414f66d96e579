import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../bin/hemocam.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });

const PIPELINE = `apiVersion: hemocam/v1
plugins: ["@hemocam/plugin-resnet-lstm"]
backend: wasm
seed: 3
stages:
  classify:
    use: resnet-lstm
    with: { depth: 10, width: 0.125, slices: 3, inputSize: 32, lstmUnits: 8, epochs: 4, batchSize: 4, stepsPerEpoch: 3, valFraction: 0.34, patience: 10 }
`;

describe('hemocam train --resume after kill -9', () => {
  it('continues from the last checkpoint and ends with the same weights as an uninterrupted run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hemocam-resume-'));
    writeFileSync(join(dir, 'p.yaml'), PIPELINE);
    expect(run(['synth', '--out', 'data', '--cases', '6', '--size', '32', '--slices', '8', '--seed', '4'], dir).status).toBe(0);
    const straight = run(['train', 'p.yaml', '--data', 'data', '--out', 'a'], dir);
    expect(straight.status, straight.stderr).toBe(0);

    const child = spawn(process.execPath, [BIN, 'train', 'p.yaml', '--data', 'data', '--out', 'b'], { cwd: dir, stdio: 'ignore' });
    const trainer = join(dir, 'b.partial', 'stages', 'classify', 'checkpoint', 'trainer.json');
    const deadline = Date.now() + 120_000;
    while (!existsSync(trainer) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const checkpointEpoch = (JSON.parse(readFileSync(trainer, 'utf8')) as { epoch: number }).epoch;
    expect(checkpointEpoch).toBeLessThan(4); // killed before the end
    expect(existsSync(join(dir, 'b'))).toBe(false);

    expect(run(['train', 'p.yaml', '--data', 'data', '--out', 'b'], dir)).toMatchObject({ status: 2, stderr: expect.stringMatching(/interrupted training run is at .*b\.partial; pass --resume/) });
    // Checkpoints of one training are never continued with other data or options.
    expect(run(['synth', '--out', 'other', '--cases', '5', '--size', '32', '--slices', '8', '--seed', '5'], dir).status).toBe(0);
    expect(run(['train', 'p.yaml', '--data', 'other', '--out', 'b', '--resume'], dir)).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/--resume: the interrupted run was trained on 6 case\(s\), this one has 5.*pass the same --data/),
    });
    const otherOptions = run(['train', 'p.yaml', '--data', 'data', '--out', 'b', '--resume', '--set', 'stages.classify.with.epochs=3'], dir);
    expect(otherOptions).toMatchObject({ status: 2, stderr: expect.stringMatching(/--resume: stages\.classify\.with\.epochs is 3 but the interrupted run used \d+/) });
    expect(otherOptions.stderr).not.toMatch(/internal error/);
    const resumed = run(['train', 'p.yaml', '--data', 'data', '--out', 'b', '--resume'], dir);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`resuming after epoch ${checkpointEpoch}`));
    for (const part of ['encoder', 'head', 'aux']) {
      const file = join('stages', 'classify', 'model', part, 'weights.bin');
      expect(readFileSync(join(dir, 'b', file)).equals(readFileSync(join(dir, 'a', file))), file).toBe(true);
    }
    expect(existsSync(join(dir, 'b.partial'))).toBe(false);

    // Ctrl-C (SIGINT) instead of kill -9: the run stops after its step, keeps its checkpoints, and resumes to the same bytes.
    const interrupted = spawn(process.execPath, [BIN, 'train', 'p.yaml', '--data', 'data', '--out', 'c'], { cwd: dir, stdio: 'ignore' });
    const trainerC = join(dir, 'c.partial', 'stages', 'classify', 'checkpoint', 'trainer.json');
    while (!existsSync(trainerC) && Date.now() < deadline + 120_000) await new Promise((r) => setTimeout(r, 20));
    interrupted.kill('SIGINT');
    await new Promise((r) => interrupted.once('exit', r));
    expect(existsSync(join(dir, 'c'))).toBe(false);
    expect(run(['train', 'p.yaml', '--data', 'data', '--out', 'c', '--resume'], dir).status).toBe(0);
    for (const part of ['encoder', 'head', 'aux']) {
      const file = join('stages', 'classify', 'model', part, 'weights.bin');
      expect(readFileSync(join(dir, 'c', file)).equals(readFileSync(join(dir, 'a', file))), `SIGINT: ${file}`).toBe(true);
    }
  }, 300_000);
});
