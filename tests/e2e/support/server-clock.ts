/**
 * Preloaded into the sync API child by `startSyncApi(env, { clock: true })`, never into the
 * product: moves the process's clock forward when the test asks, so a scenario sees what the sync
 * API does an hour or days after sending (LINE's statistics are first read an hour after a
 * broadcast) without waiting for it. The server reads time only through `Date.now` (its
 * `systemClock`), so that is all this shifts; timers keep real time, and the job runner's poll
 * sees the new time on its next tick.
 *
 * The offset (ms) is read from the file LUMO_E2E_CLOCK_FILE names, on SIGUSR2; the line
 * "lumo-e2e-clock <offset>" on stdout tells the test the jump is done.
 */
import { readFileSync } from 'node:fs';

const file = process.env.LUMO_E2E_CLOCK_FILE;
if (file) {
  const realNow = Date.now.bind(Date);
  // A restarted API keeps the time the test had moved it to.
  let offset = 0;
  try { offset = Number(readFileSync(file, 'utf8')) || 0; } catch { /* not moved yet */ }
  Date.now = () => realNow() + offset;
  process.on('SIGUSR2', () => {
    offset = Number(readFileSync(file, 'utf8'));
    process.stdout.write(`lumo-e2e-clock ${offset}\n`);
  });
}
