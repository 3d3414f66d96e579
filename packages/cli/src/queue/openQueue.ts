import { Queue } from 'bullmq';
import { HemocamError } from '@hemocam/core';
import { QUEUE_NAME } from './CaseJob.js';
import type { QueueConnection } from './parseQueueUrl.js';

/** ioredis options of a connection: BullMQ's workers need `maxRetriesPerRequest: null`. */
export function redisOptions(connection: QueueConnection) {
  return { host: connection.host, port: connection.port, db: connection.db, username: connection.username, password: connection.password, maxRetriesPerRequest: null };
}

/** Check within `timeoutMs` that Redis answers, so that a wrong --queue is one line, not a hang. */
async function checkReachable(queue: Queue, connection: QueueConnection, timeoutMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
  });
  try {
    await Promise.race([queue.waitUntilReady().then(() => queue.getJobCounts('waiting')), timeout]);
  } catch (error) {
    await queue.close().catch(() => undefined);
    const reason = (error as Error).message.replace(connection.password ?? '\u0000', '***');
    throw new HemocamError('USAGE', `--queue ${connection.display}: cannot reach Redis (${reason}); start redis-server there, or check the host, port and password (HEMOCAM_QUEUE_PASSWORD)`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}

/** The case queue on that Redis, checked to answer. */
export async function openQueue(connection: QueueConnection): Promise<Queue> {
  const queue = new Queue(QUEUE_NAME, { connection: { ...redisOptions(connection), enableOfflineQueue: true, retryStrategy: (times: number) => (times > 3 ? null : 200) } });
  queue.on('error', () => undefined); // reported by checkReachable or by the call that failed
  await checkReachable(queue, connection);
  return queue;
}
