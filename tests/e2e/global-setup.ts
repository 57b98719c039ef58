/**
 * Global setup of the browser tests: builds the extension once, and says LOUDLY when Chromium is
 * missing (they are then skipped; CI always installs it, and fails without it).
 */
import type { TestProject } from 'vitest/node';
import { buildExtension, chromiumPresent, CHROMIUM } from './support/browser';

export default function setup(project: TestProject) {
  const present = chromiumPresent();
  if (!present) {
    const msg = `\n\n************************************************************************\n` +
      `*  Chromium not found at ${CHROMIUM}: the END-TO-END BROWSER TESTS ARE SKIPPED.\n` +
      `*  Install it (apt-get install -y chromium) and run npm test again, or npm run test:e2e.\n` +
      `************************************************************************\n\n`;
    if (process.env.CI) throw new Error(msg + 'CI must run the browser tests.');
    console.warn(msg);
  } else {
    buildExtension();
  }
  project.provide('chromiumPresent', present);
}

declare module 'vitest' {
  export interface ProvidedContext { chromiumPresent: boolean }
}
