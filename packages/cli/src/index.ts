export { main } from './main.js';
export { BUILTIN_PLUGINS } from './commands/plugins.js';
