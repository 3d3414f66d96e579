import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hemocam } from '../test/hemocam.js';
import { workdir } from '../test/workdir.js';

const BIN = resolve(import.meta.dirname, '../bin/hemocam.js');
const REDIS = ['redis-server', '/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((b) => spawnSync(b, ['--version']).status === 0);
if (!REDIS) console.warn('queue tests skipped: no redis-server binary here (Debian: apt-get install redis-server; .ci/run installs it)');

/** A free loopback port, from the kernel. */
async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/** A child `hemocam` whose stderr is kept. */
function start(args: string[], cwd: string): { child: ChildProcess; log: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, HEMOCAM_DEBUG: '' } });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, log: () => log, exited };
}

async function until(what: string, test: () => boolean, ms = 60_000): Promise<void> {
  for (const started = Date.now(); !test();) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!REDIS)('hemocam run --queue and hemocam worker, on a real Redis (slow tier)', () => {
  let redis: ChildProcess;
  let url = '';
  beforeAll(async () => {
    const port = await freePort();
    redis = spawn(REDIS!, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    url = `redis://127.0.0.1:${port}/0`;
    await until('redis-server to answer', () => spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG', 10_000);
  });
  afterAll(() => {
    redis.kill('SIGKILL');
  });

  it('three workers, one killed with SIGKILL mid-case: every output once, byte-identical to a local run; a corrupt case fails with its message; enqueuing again adds nothing', async () => {
    const dir = workdir();
    cpSync(resolve(import.meta.dirname, '../../core/test/fixtures/plugins/slow'), join(dir, 'plugins', 'slow'), { recursive: true });
    expect(hemocam(['synth', '--out', 'ph', '--cases', '12', '--size', '48', '--slices', '6', '--seed', '5'], dir).code).toBe(0);
    mkdirSync(join(dir, 'in'));
    for (const file of readdirSync(join(dir, 'ph', 'images'))) cpSync(join(dir, 'ph', 'images', file), join(dir, 'in', file));
    writeFileSync(join(dir, 'in', 'broken.nii.gz'), Buffer.from('not a gzip stream at all'));
    writeFileSync(join(dir, 'p.yaml'), ['apiVersion: hemocam/v1', 'plugins: ["./plugins/slow"]', 'backend: cpu', 'stages:', '  mask: { use: slow-threshold, with: { ms: 800 } }', ''].join('\n'));

    const local = hemocam(['run', 'p.yaml', '--run', 'run', '--input', 'in', '--out', 'local'], dir);
    expect(local.code).toBe(2); // the one failure is the case's input
    const localFailure = /broken: (.*)/.exec(local.stderr)?.[1];
    expect(localFailure).toMatch(/broken\.nii\.gz: /);

    const workerArgs = ['worker', '--queue', url, '--root', dir, '--lock-duration', '2000', '--stalled-interval', '1000'];
    const workers = [start(workerArgs, dir), start(workerArgs, dir), start(workerArgs, dir)];
    await until('three workers', () => workers.every((w) => w.log().includes('taking case jobs')));
    const submit = start(['run', 'p.yaml', '--run', 'run', '--input', 'in', '--out', 'queued', '--queue', url, '--attempts', '2'], dir);

    // Kill the first worker that is in the middle of a case (started, not yet written).
    const busy = (log: string) => {
      const started = [...log.matchAll(/case (\S+): started/g)].map((m) => m[1]!);
      return started.filter((id) => !log.includes(`case ${id}: wrote`) && id !== 'broken');
    };
    await until('a worker mid-case', () => workers.some((w) => busy(w.log()).length > 0));
    const victim = workers.find((w) => busy(w.log()).length > 0)!;
    const held = busy(victim.log())[0]!;
    victim.child.kill('SIGKILL');

    expect(await submit.exited).toBe(2); // as the local run
    expect(submit.log()).toMatch(new RegExp(`1 case\\(s\\) failed:\\n\\s+broken: ${localFailure!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const logs = workers.map((w) => w.log()).join('\n');
    // The held case was taken up again by another worker after the stalled-job check.
    expect(workers.filter((w) => w !== victim).some((w) => w.log().includes(`case ${held}: wrote`))).toBe(true);
    const writes = [...logs.matchAll(/case (\S+): wrote/g)].map((m) => m[1]!).sort();
    const ids = Array.from({ length: 12 }, (_, i) => `synth_${String(i).padStart(4, '0')}`);
    expect(writes).toEqual(ids); // each case written exactly once
    expect(readdirSync(join(dir, 'queued')).sort()).toEqual(readdirSync(join(dir, 'local')).sort());
    for (const file of readdirSync(join(dir, 'local'))) expect(readFileSync(join(dir, 'queued', file)).equals(readFileSync(join(dir, 'local', file))), file).toBe(true);
    expect(logs).toMatch(/case broken: attempt 2 failed: .*broken\.nii\.gz: /);

    const status = hemocam(['queue', 'status', '--queue', url], dir);
    expect(status.stdout).toMatch(/12 done, 0 waiting, 0 running, 1 failed/);
    expect(status.stdout).toMatch(/failed\s+broken: .*broken\.nii\.gz: /);

    const again = hemocam(['run', 'p.yaml', '--run', 'run', '--input', 'in', '--out', 'queued', '--queue', url], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/0 case job\(s\) added, 13 already there/);
    await new Promise((r) => setTimeout(r, 1500));
    expect(
      [
        ...workers
          .map((w) => w.log())
          .join('\n')
          .matchAll(/case (\S+): (wrote|started)/g),
      ].filter((m) => m[1] !== 'broken').length,
    ).toBe([...logs.matchAll(/case (\S+): (wrote|started)/g)].filter((m) => m[1] !== 'broken').length);

    for (const w of workers) if (w !== victim) w.child.kill('SIGTERM');
    await Promise.all(workers.filter((w) => w !== victim).map((w) => w.exited));
  }, 240_000);

  it('ablate --queue: each variant fitted by a worker (an unchanged learning stage reused), its cases segmented there; same results as ablate here', async () => {
    const dir = workdir();
    expect(hemocam(['synth', '--out', 'ph', '--cases', '10', '--size', '32', '--slices', '4', '--seed', '7'], dir).code).toBe(0);
    writeFileSync(
      join(dir, 'a.yaml'),
      ['apiVersion: hemocam/v1', 'plugins: ["./plugins/basic"]', 'backend: cpu', 'stages:', '  mean: { use: mean-intensity }', '  mask: { use: hu-threshold, with: { min: 50 } }', ''].join('\n'),
    );
    const vary = ['--vary', 'stages.mask.with.min=50,60'];
    const here = hemocam(['ablate', 'a.yaml', '--data', 'ph', ...vary, '--out', 'here'], dir);
    expect(here.code, here.stderr).toBe(0);
    const workers = [0, 1].map(() => start(['worker', '--queue', url, '--root', dir], dir));
    await until('two workers', () => workers.every((w) => w.log().includes('taking case jobs')));
    const queued = start(['ablate', 'a.yaml', '--data', 'ph', ...vary, '--out', 'queued', '--queue', url], dir);
    expect(await queued.exited, queued.log()).toBe(0);
    expect(queued.log()).toMatch(/fit queued as job/);
    const logs = workers.map((w) => w.log()).join('\n');
    expect([...logs.matchAll(/train \S+: done/g)]).toHaveLength(2);
    expect(logs).toMatch(/stages\.mean \(mean-intensity\): reusing what .*min=50\/run\/stages\/mean learned/);
    const table = (out: string) => readFileSync(join(dir, out, 'results.md'), 'utf8').replace(/\| [\d.]+ \| (\d+\/\d+) \| variants/g, '| s | $1 | variants');
    expect(table('queued')).toBe(table('here'));
    for (const variant of readdirSync(join(dir, 'here', 'variants'))) {
      for (const file of readdirSync(join(dir, 'here', 'variants', variant, 'pred'))) {
        expect(readFileSync(join(dir, 'queued', 'variants', variant, 'pred', file)).equals(readFileSync(join(dir, 'here', 'variants', variant, 'pred', file))), file).toBe(true);
      }
    }
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
  }, 120_000);

  it('run --queue --format both on DICOM series: workers write NIfTI and DICOM-SEG, a broken series fails with its input error (exit 2, as a local run)', async () => {
    const dir = workdir();
    const series = resolve(import.meta.dirname, '../../io/test/fixtures/compressed/series');
    for (const name of ['jpegls-lossless', 'j2k-lossless']) cpSync(join(series, name), join(dir, 'dicom', name), { recursive: true });
    cpSync(join(series, 'rle'), join(dir, 'dicom', 'mixed'), { recursive: true });
    cpSync(join(series, 'jpegls-lossless', '3.dcm'), join(dir, 'dicom', 'mixed', '3.dcm'));
    writeFileSync(
      join(dir, 'p.yaml'),
      ['apiVersion: hemocam/v1', 'plugins: ["./plugins/basic"]', 'backend: cpu', 'stages:', '  mask: { use: hu-threshold, with: { min: 55, max: 95 } }', ''].join('\n'),
    );
    const local = hemocam(['run', 'p.yaml', '--run', 'r', '--input', 'dicom', '--out', 'local', '--format', 'both'], dir);
    expect(local.code).toBe(2);
    const worker = start(['worker', '--queue', url, '--root', dir], dir);
    await until('the worker', () => worker.log().includes('taking case jobs'));
    const queued = hemocam(['run', 'p.yaml', '--run', 'r', '--input', 'dicom', '--out', 'queued', '--format', 'both', '--queue', url], dir);
    expect(queued.code, queued.stderr).toBe(2);
    expect(queued.stderr).toMatch(/mixed: \S*mixed\/3\.dcm: transfer syntax 1\.2\.840\.10008\.1\.2\.4\.80 in series/);
    expect(readdirSync(join(dir, 'queued')).sort()).toEqual(readdirSync(join(dir, 'local')).sort());
    expect(readdirSync(join(dir, 'queued')).filter((f) => f.endsWith('.seg.dcm'))).toHaveLength(2);
    for (const file of readdirSync(join(dir, 'local')).filter((f) => f.endsWith('.nii.gz')))
      expect(readFileSync(join(dir, 'queued', file)).equals(readFileSync(join(dir, 'local', file))), file).toBe(true);
    worker.child.kill('SIGTERM');
    await worker.exited;
  }, 120_000);

  it('refuses a job whose paths leave the worker roots (no retry), and never prints the password', async () => {
    const dir = workdir();
    cpSync(resolve(import.meta.dirname, '../../core/test/fixtures/plugins/slow'), join(dir, 'plugins', 'slow'), { recursive: true });
    expect(hemocam(['synth', '--out', 'ph', '--cases', '1', '--size', '32', '--slices', '4', '--seed', '6'], dir).code).toBe(0);
    writeFileSync(join(dir, 'p.yaml'), ['apiVersion: hemocam/v1', 'plugins: ["./plugins/slow"]', 'backend: cpu', 'stages:', '  mask: { use: slow-threshold, with: { ms: 0 } }', ''].join('\n'));
    mkdirSync(join(dir, 'only'));
    const worker = start(['worker', '--queue', url, '--root', join(dir, 'only')], dir);
    await until('the worker', () => worker.log().includes('taking case jobs'));
    const submitted = hemocam(['run', 'p.yaml', '--run', 'run', '--input', 'ph', '--out', 'out', '--queue', url.replace('redis://', 'redis://:hunter2@'), '--attempts', '3'], dir);
    expect(submitted.code).toBe(1);
    expect(submitted.stderr).toMatch(/synth_0000: the job's pipeline path .* lies outside this worker's roots/);
    await until('the worker to log the failure', () => /attempt \d+ failed/.test(worker.log()));
    await new Promise((r) => setTimeout(r, 1500)); // longer than the retry backoff
    expect(worker.log()).not.toMatch(/synth_0000: started/);
    expect([...worker.log().matchAll(/attempt \d+ failed/g)]).toHaveLength(1); // unrecoverable: not retried
    expect(submitted.stdout + submitted.stderr + worker.log()).not.toContain('hunter2');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);

    const unreachable = hemocam(['queue', 'status', '--queue', 'redis://:hunter2@127.0.0.1:1/0'], dir);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/cannot reach Redis/);
    expect(unreachable.stderr).not.toContain('hunter2');
  }, 60_000);
});
