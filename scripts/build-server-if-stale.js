// Builds the server and CLI (dist/server/kedang.js) when missing or older than the sources (used by `npm start`).
import { buildServer, serverBuildCurrent } from './server-build.js';

if (!serverBuildCurrent()) {
  const t0 = Date.now();
  await buildServer();
  console.log(`Built the server in ${Date.now() - t0} ms`);
}
