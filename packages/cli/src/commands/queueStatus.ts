import type { CommandModule } from 'yargs';
import type { Job } from 'bullmq';
import type { CaseJobData } from '../queue/CaseJob.js';
import { openQueue } from '../queue/openQueue.js';
import { parseQueueUrl } from '../queue/parseQueueUrl.js';

interface QueueStatusArgs {
  queue: string;
  json: boolean;
}

/** `hemocam queue status`: the case jobs by state; the running and failed ones by case, failures with their message. */
export const queueCommand: CommandModule<object, QueueStatusArgs> = {
  command: 'queue status',
  describe: 'List the case jobs of a Redis queue: done, waiting, running (which cases), failed (which, and why)',
  builder: (y) =>
    y
      .option('queue', { type: 'string', demandOption: true, describe: 'redis://[:password@]host:port/db (password also from HEMOCAM_QUEUE_PASSWORD)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON' }),
  handler: async (args) => {
    const connection = parseQueueUrl(args.queue);
    const queue = await openQueue(connection);
    try {
      const counts = await queue.getJobCounts('completed', 'waiting', 'delayed', 'active', 'failed');
      const describe = (job: Job<CaseJobData>) => ({ job: job.id, case: job.data.caseId, out: job.data.out, attempts: job.attemptsMade, error: job.failedReason || undefined });
      const active = ((await queue.getJobs(['active'])) as Job<CaseJobData>[]).map(describe);
      const failed = ((await queue.getJobs(['failed'])) as Job<CaseJobData>[]).map(describe);
      if (args.json) {
        process.stdout.write(JSON.stringify({ queue: connection.display, counts, active, failed }, null, 2) + '\n');
        return;
      }
      const lines = [`queue ${connection.display}: ${counts.completed} done, ${(counts.waiting ?? 0) + (counts.delayed ?? 0)} waiting, ${counts.active} running, ${counts.failed} failed`];
      for (const a of active) lines.push(`  running  ${a.case}  (${a.out})`);
      for (const f of failed) lines.push(`  failed   ${f.case}: ${f.error ?? 'no message'}  (${f.out}, ${f.attempts} attempt(s))`);
      process.stdout.write(lines.join('\n') + '\n');
    } finally {
      await queue.close();
    }
  },
};
