import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { CORE_VERSION, HemocamError } from '@hemocam/core';
import { ablateCommand } from './commands/ablate.js';
import { camCommand } from './commands/cam.js';
import { pluginCommand } from './commands/pluginNew.js';
import { reportCommand } from './commands/report.js';
import { datasetsCommand } from './commands/datasets.js';
import { demoCommand } from './commands/demo.js';
import { evalCommand } from './commands/evaluate.js';
import { infoCommand } from './commands/info.js';
import { pluginsCommand } from './commands/plugins.js';
import { queueCommand } from './commands/queueStatus.js';
import { runCommand } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import { synthCommand } from './commands/synth.js';
import { trainCommand } from './commands/train.js';
import { validateCommand } from './commands/validate.js';
import { workerCommand } from './commands/worker.js';
import { reportError } from './reportError.js';

/** Run the hemocam CLI on `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  process.exitCode = 0;
  const cli = yargs(argv)
    .scriptName('hemocam')
    .usage('$0 <command> [options]\n\nWeakly supervised intracranial-hemorrhage segmentation on head CT.')
    .command(infoCommand)
    .command(validateCommand)
    .command(schemaCommand)
    .command(pluginsCommand)
    .command(trainCommand)
    .command(runCommand)
    .command(workerCommand)
    .command(queueCommand)
    .command(synthCommand)
    .command(datasetsCommand)
    .command(evalCommand)
    .command(camCommand)
    .command(ablateCommand)
    .command(reportCommand)
    .command(pluginCommand)
    .command(demoCommand)
    .demandCommand(1, 'Name a command; see hemocam --help')
    .strict()
    .version(CORE_VERSION)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilogue('Exit codes: 0 ok, 1 runtime failure (a case or stage failed), 2 bad usage, config or input.')
    .fail((message: string, error: Error | undefined) => {
      // yargs passes no error for its own validation messages, whatever its types say
      throw error ?? new HemocamError('USAGE', message);
    });
  try {
    await cli.parseAsync();
  } catch (error) {
    if (error instanceof HemocamError && error.code === 'USAGE') process.stderr.write(`${await cli.getHelp()}\n\n`);
    return reportError(error);
  }
  return currentExitCode();
}

/** process.exitCode as a number (a command sets it when a case fails). */
function currentExitCode(): number {
  return Number(process.exitCode ?? 0);
}

// Keep hideBin exported for the bin script.
export { hideBin };
