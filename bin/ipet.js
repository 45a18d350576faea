#!/usr/bin/env node
// Entry point of the `ipet` command. The sources are TypeScript; tsx compiles them on load so that a clone
// works right after `npm install`, with no build step. This is the only place the CLI runs from: importing
// src/cli/main.ts has no effect.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv);
if (code !== 0) process.exitCode = code;
