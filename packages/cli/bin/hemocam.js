#!/usr/bin/env node
import { main, hideBin } from '../dist/main.js';

// `hemocam plugins --describe | head`: a closed pipe ends the output, it is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
process.exitCode = await main(hideBin(process.argv));
