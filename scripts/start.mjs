#!/usr/bin/env node
// `npm start`: builds the extension, then runs the sync API on SQLite with the demo account
// (LUMO_DEMO=1). Everything on one machine, nothing to set up.
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const ext = resolve(root, '.output/chrome-mv3');

console.log('Building the extension (wxt build)…');
const build = spawnSync('npx', ['wxt', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.error('\nThe extension did not build; see the errors above.');
  process.exit(build.status ?? 1);
}
console.log(`
The extension is built in ${ext}
  Load it in Chrome: chrome://extensions → turn on "Developer mode" → "Load unpacked" → choose that folder.
  Then open the extension's options (right-click its icon → Options) and enter the
  "Sync API URL" and "API token" printed below, and open https://manager.line.biz/account/@lumo-demo/
  (or any account page of yours) and click "Segments".
`);

const server = spawn(process.execPath, [resolve(root, 'node_modules/tsx/dist/cli.mjs'), resolve(root, 'server/src/main.ts')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, LUMO_DEMO: process.env.LUMO_DEMO ?? '1' },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));
