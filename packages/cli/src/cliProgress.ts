import { SingleBar, Presets } from 'cli-progress';
import type { Progress } from '@hemocam/core';

/**
 * Progress bars on stderr (cli-progress) when it is a terminal; elsewhere (CI, pipes) one
 * line when a task starts and one when it ends, so logs stay readable.
 */
export function createCliProgress(options: { quiet?: boolean } = {}): Progress {
  const tty = process.stderr.isTTY && !options.quiet; // isTTY is undefined (not false) on a pipe
  return {
    start(label, total) {
      if (!tty) {
        if (!options.quiet) process.stderr.write(`hemocam: ${label}: ${total} to do\n`);
        const started = Date.now();
        return {
          tick: () => undefined,
          done: () => {
            if (!options.quiet) process.stderr.write(`hemocam: ${label}: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
          },
        };
      }
      const bar = new SingleBar(
        { format: `${label.padEnd(28)} {bar} {value}/{total} | ETA {eta_formatted} | {status}`, stream: process.stderr, hideCursor: true, clearOnComplete: false },
        Presets.shades_classic,
      );
      bar.start(total, 0, { status: '' });
      return {
        tick: (step = 1, status = '') => bar.increment(step, { status }),
        done: () => bar.stop(),
      };
    },
  };
}
