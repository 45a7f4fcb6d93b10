#!/usr/bin/env node
// Entry of `npm start` and `npx shuping`: builds what is stale, then runs the compiled CLI.
import { ensureBuilt } from '../scripts/build.mjs';

const command = process.argv[2];
ensureBuilt({ names: command === 'start' ? ['server', 'web'] : ['server'] });
await import('../dist/cli/index.js');
