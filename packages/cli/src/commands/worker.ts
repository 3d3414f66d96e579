import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { Worker } from 'bullmq';
import { HemocamError } from '@hemocam/core';
import { createCliLogger } from '../cliLogger.js';
import { createCliProgress } from '../cliProgress.js';
import { queueJobProcessor } from '../queue/queueJobProcessor.js';
import { QUEUE_NAME, type CaseJobData } from '../queue/CaseJob.js';
import type { TrainJobData } from '../queue/TrainJob.js';
import { openQueue, redisOptions } from '../queue/openQueue.js';
import { parseQueueUrl } from '../queue/parseQueueUrl.js';

interface WorkerArgs {
  queue: string;
  concurrency: number;
  root: string[];
  'lock-duration': number;
  'stalled-interval': number;
  quiet: boolean;
}

/**
 * `hemocam worker --queue redis://…`: take case jobs from the queue and segment them, until
 * Ctrl-C or SIGTERM (which finish the current case first). `--concurrency N` starts N worker
 * processes, each with its own models and backend. A worker that dies mid-case leaves its job
 * locked; BullMQ's stalled-job check hands it to another worker after --lock-duration.
 */
export const workerCommand: CommandModule<object, WorkerArgs> = {
  command: 'worker',
  describe: 'Take jobs from a Redis queue (hemocam run --queue, hemocam ablate --queue): segment cases, fit ablation variants; run one per machine',
  builder: (y) =>
    y
      .option('queue', { type: 'string', demandOption: true, describe: 'redis://[:password@]host:port/db (password also from HEMOCAM_QUEUE_PASSWORD)' })
      .option('concurrency', { type: 'number', default: 1, describe: 'Worker processes on this machine (each runs one case at a time)' })
      .option('root', { type: 'string', array: true, default: [] as string[], describe: 'Folder the jobs may read and write (the shared folder; repeatable; default: the current folder)' })
      .option('lock-duration', { type: 'number', default: 30_000, describe: "ms a job stays locked without a worker's heartbeat before it counts as stalled and is retried elsewhere" })
      .option('stalled-interval', { type: 'number', default: 30_000, describe: 'ms between checks for stalled jobs' })
      .option('quiet', { type: 'boolean', default: false, describe: 'Only warnings and errors' })
      .example('$0 worker --queue redis://queue.lab:6379/0 --root /mnt/shared --concurrency 2', ''),
  handler: async (args) => {
    for (const option of ['concurrency', 'lock-duration', 'stalled-interval'] as const) {
      if (!Number.isInteger(args[option]) || args[option] < 1) throw new HemocamError('USAGE', `--${option} must be a positive integer`);
    }
    const connection = parseQueueUrl(args.queue);
    const roots = (args.root.length > 0 ? args.root : [process.cwd()]).map((r) => resolve(r));
    const logger = createCliLogger({ quiet: args.quiet });
    if (args.concurrency > 1) return forkWorkers(args, logger);
    await (await openQueue(connection)).close(); // one line, not a hang, when Redis is not there

    const controller = new AbortController();
    const jobs = queueJobProcessor({ roots, logger, progress: createCliProgress({ quiet: true }), signal: controller.signal });
    const worker = new Worker(QUEUE_NAME, jobs.processor, {
      connection: redisOptions(connection),
      concurrency: 1,
      lockDuration: args['lock-duration'],
      stalledInterval: args['stalled-interval'],
      maxStalledCount: 2,
    });
    worker.on('error', (error) => logger.warn(`queue ${connection.display}: ${error.message.replace(connection.password ?? '\u0000', '***')}`));
    worker.on('failed', (job, error) => {
      if (job) logger.warn(`${job.name === 'train' ? `train ${(job.data as TrainJobData).runDir}` : `case ${(job.data as CaseJobData).caseId}`}: attempt ${job.attemptsMade} failed: ${error.message}`);
    });
    logger.info(`worker ${process.pid}: taking case jobs from ${connection.display}; roots ${roots.join(', ')}`);
    await new Promise<void>((done) => {
      const stop = () => {
        logger.info(`worker ${process.pid}: stopping after the current case`);
        controller.abort();
        void worker
          .close()
          .then(() => jobs.dispose())
          .finally(done);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};

/** N single-process workers as child processes; this one relays signals and waits for them. */
async function forkWorkers(args: WorkerArgs, logger: ReturnType<typeof createCliLogger>): Promise<void> {
  const argv = process.argv.slice(2).filter((a, i, all) => a !== '--concurrency' && all[i - 1] !== '--concurrency' && !a.startsWith('--concurrency='));
  const children = Array.from({ length: args.concurrency }, () => fork(process.argv[1]!, [...argv, '--concurrency', '1'], { stdio: 'inherit' }));
  const relay = (signal: NodeJS.Signals) => () => children.forEach((c) => c.kill(signal));
  process.once('SIGINT', relay('SIGINT'));
  process.once('SIGTERM', relay('SIGTERM'));
  const codes = await Promise.all(
    children.map(
      (child) =>
        new Promise<number>((done) =>
          child.on('exit', (code, signal) => {
            if (signal && signal !== 'SIGTERM' && signal !== 'SIGINT') logger.warn(`worker ${child.pid} ended by ${signal}; the case it held is retried after the stalled-job check`);
            done(code ?? 0);
          }),
        ),
    ),
  );
  process.exitCode = Math.max(0, ...codes);
}
