#!/usr/bin/env node
import { main, hideBin } from '../dist/main.js';

process.exitCode = await main(hideBin(process.argv));
