#!/usr/bin/env node
// Entry point of the `kedang` command: loads the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// Exit explicitly: a dependency's exit hook would otherwise reset the exit code to 0.
process.exit(code);
