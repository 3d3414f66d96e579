import { HemocamError, exitCodeOf, formatIssue } from '@hemocam/core';

/** Print an error as a user should see it (no stack unless HEMOCAM_DEBUG=1) and return the exit code. */
export function reportError(error: unknown): 1 | 2 {
  if (error instanceof HemocamError) {
    process.stderr.write(`hemocam: error: ${error.message}\n`);
    for (const issue of error.issues) process.stderr.write(`  ${formatIssue(issue)}\n`);
  } else {
    process.stderr.write(`hemocam: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!process.env.HEMOCAM_DEBUG) process.stderr.write('hemocam: set HEMOCAM_DEBUG=1 for the stack trace, and please report it\n');
  }
  if (process.env.HEMOCAM_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return exitCodeOf(error);
}
