import type { Logger } from '@hemocam/core';

/** Logger for the terminal: everything to stderr so that stdout stays clean for --json. */
export function createCliLogger(options: { quiet?: boolean; verbose?: boolean } = {}): Logger {
  return {
    info: (message) => {
      if (!options.quiet) process.stderr.write(`hemocam: ${message}\n`);
    },
    warn: (message) => process.stderr.write(`hemocam: warning: ${message}\n`),
    debug: (message) => {
      if (options.verbose) process.stderr.write(`hemocam: debug: ${message}\n`);
    },
  };
}
