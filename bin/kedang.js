#!/usr/bin/env node
// Entry point of the `kedang` command: the compiled server and CLI (dist/server/kedang.js, built
// by `npm start`) when it is current, else the TypeScript sources through tsx (development, tests).
import { builtEntry, serverBuildCurrent } from '../scripts/server-build.js';

let main;
if (process.env.KEDANG_RUN_SOURCES !== '1' && serverBuildCurrent()) {
  ({ main } = await import(builtEntry));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
const code = await main(process.argv.slice(2));
// Exit explicitly: a dependency's exit hook would otherwise reset the exit code to 0.
process.exit(code);
