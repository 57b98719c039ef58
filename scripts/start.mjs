#!/usr/bin/env node
/**
 * `npm start`: build the extension, then start the sync API with the demo account (LUMO_DEMO=1),
 * and say how to load the one into Chrome and point it at the other.
 * `npm start -- --no-build` skips the build (the last one in .output/chrome-mv3 is used).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const extensionDir = join(root, '.output', 'chrome-mv3');
const say = (s = '') => process.stdout.write(s + '\n');

if (!process.argv.includes('--no-build')) {
  say('Building the extension (wxt build)…');
  const build = spawnSync('npx', ['wxt', 'build'], { cwd: root, stdio: 'inherit', env: process.env });
  if (build.status !== 0) {
    say('\nThe extension did not build (see above). The sync API starts anyway; fix the build and run `npm start` again.');
  }
}

say('');
if (existsSync(extensionDir)) {
  say('Load the extension in Chrome:');
  say('  1. Open chrome://extensions and turn on "Developer mode" (top right).');
  say('  2. Click "Load unpacked" and choose:');
  say(`       ${extensionDir}`);
  say('  3. Open the extension\'s options, enter the "Sync API URL" printed below and accept the invite');
  say('     printed below (or "Use an API token instead" with the API token).');
  say('  4. Go to https://manager.line.biz/ and open an account: the "Segments" entry appears.');
} else {
  say(`No built extension in ${extensionDir} yet: run \`npx wxt build\`.`);
}
say('\nStarting the sync API with the demo account (LUMO_DEMO=1)…');

// node --import tsx rather than npx: signals (Ctrl-C, SIGTERM) reach the server itself, which
// then stops cleanly.
const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, LUMO_DEMO: process.env.LUMO_DEMO ?? '1' },
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
