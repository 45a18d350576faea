#!/usr/bin/env node
// Entry point of the `ipet` command. The sources are TypeScript; tsx compiles them on load so that a clone
// works right after `npm install`, with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
