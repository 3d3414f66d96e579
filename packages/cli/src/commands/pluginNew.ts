import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { HemocamError, writeFileAtomic } from '@hemocam/core';
import { pluginTemplate } from '../scaffold/pluginTemplate.js';

interface PluginNewArgs {
  name: string;
  stage?: string;
  dir?: string;
}

const NPM_NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/;

/** `hemocam plugin new NAME`: a plugin package with one working stage, its zod schema, a test through the real runner, and a README. */
export const pluginCommand: CommandModule<object, object> = {
  command: 'plugin <command>',
  describe: 'Plugin authoring: `hemocam plugin new NAME` scaffolds a plugin package',
  builder: (y) =>
    y
      .command<PluginNewArgs>({
        command: 'new <name>',
        describe: 'Create a plugin package (one stage, zod options, a test through the real runner, README)',
        builder: (yy) =>
          yy
            .positional('name', { type: 'string', demandOption: true, describe: 'npm package name, e.g. hemocam-plugin-hu-window-otsu' })
            .option('stage', { type: 'string', describe: 'Stage id (kebab-case); default: the name without hemocam-plugin-' })
            .option('dir', { type: 'string', describe: 'Folder to create (default: ./<name without scope>)' })
            .example('$0 plugin new hemocam-plugin-hu-window-otsu', 'then: cd hemocam-plugin-hu-window-otsu && npm install && npm test'),
        handler: async (args) => {
          if (!NPM_NAME.test(args.name)) throw new HemocamError('USAGE', `'${args.name}' is not a valid npm package name (lower case, digits, - . _; optional @scope/)`);
          const stageId = args.stage ?? args.name.replace(/^@[^/]+\//, '').replace(/^hemocam-plugin-/, '');
          if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(stageId)) throw new HemocamError('USAGE', `stage id '${stageId}' must be kebab-case (a-z, 0-9, -); pass --stage`);
          const dir = resolve(args.dir ?? args.name.replace(/^@[^/]+\//, ''));
          if (existsSync(dir) && readdirSync(dir).length > 0) throw new HemocamError('EXISTS', `${dir} exists and is not empty; choose another --dir`, { file: dir });
          for (const [file, contents] of Object.entries(pluginTemplate({ name: args.name, stageId }))) await writeFileAtomic(join(dir, file), contents);
          process.stdout.write(
            `created ${dir} with stage '${stageId}'\nnext: cd ${dir} && npm install && npm test\nuse it: plugins: ["${args.name}"] (installed) or ["./${args.dir ?? args.name.replace(/^@[^/]+\//, '')}"] (by path)\n`,
          );
        },
      })
      .demandCommand(1, 'Name a plugin command: new'),
  handler: () => undefined,
};
