export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

/** A long task's progress; the CLI draws it as a bar, tests ignore it. */
export interface ProgressTask {
  tick(step?: number, status?: string): void;
  done(): void;
}

export interface Progress {
  start(label: string, total: number): ProgressTask;
}
