/** What went wrong, by kind; the CLI maps each kind to an exit code (see `exitCodeOf`). */
export type HemocamErrorCode =
  | 'USAGE' // bad command-line use
  | 'CONFIG' // a pipeline YAML that does not validate
  | 'INPUT' // an input file that is missing, corrupted or not what it claims
  | 'PLUGIN' // a plugin package that cannot be loaded or is not a plugin
  | 'BACKEND' // a requested tensor backend that is not installed
  | 'EXISTS' // an output that would overwrite the user's files
  | 'RUNTIME'; // a failure while running stages

/** One problem located in a pipeline document: `path (line N): message`. */
export interface PipelineIssue {
  path: string;
  line?: number;
  /** The file the line is in, when it is not the pipeline's own (a file it `extends`). */
  file?: string;
  message: string;
}

export interface HemocamErrorOptions {
  /** The file the error concerns. */
  file?: string;
  /** The YAML path the error concerns, e.g. `stages.cam.with.layer`. */
  path?: string;
  /** Every problem found, when validation found several at once. */
  issues?: PipelineIssue[];
  cause?: unknown;
}

/** The one error type of hemocam: a code, the file and YAML path it concerns, and a cause. */
export class HemocamError extends Error {
  readonly code: HemocamErrorCode;
  readonly file?: string;
  readonly path?: string;
  readonly issues: PipelineIssue[];

  constructor(code: HemocamErrorCode, message: string, options: HemocamErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HemocamError';
    this.code = code;
    this.file = options.file;
    this.path = options.path;
    this.issues = options.issues ?? [];
  }
}

/** CLI exit code: 2 for usage, config and input errors, 1 for runtime failures. */
export function exitCodeOf(error: unknown): 1 | 2 {
  if (error instanceof HemocamError && error.code !== 'RUNTIME') return 2;
  return 1;
}

/** `path (line N): message`, the form every pipeline problem is printed in; `path (FILE line N): …` when the line is in a file the pipeline extends. */
export function formatIssue(issue: PipelineIssue): string {
  const where = issue.path === '' ? '(document)' : issue.path;
  const file = issue.file ? `${issue.file} ` : '';
  return issue.line === undefined ? `${where}${issue.file ? ` (${issue.file})` : ''}: ${issue.message}` : `${where} (${file}line ${issue.line}): ${issue.message}`;
}
