/**
 * The extension's budgets: bundle size per entrypoint (raw and gzip) from the built extension in
 * .output/chrome-mv3, and — the hook for the browser measurements — the time from page load to
 * the launcher visible and the popup's time to its first count from cache, in headless Chromium.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface EntrypointSize {
  entrypoint: string;
  /** What the entrypoint loads before its code runs: scripts, module preloads, styles. */
  files: number; bytes: number; gzipBytes: number;
  /** What it may load later through dynamic import() (the popup's protocol after its first paint). */
  lazyFiles: number; lazyBytes: number; lazyGzipBytes: number;
}

function gz(file: string): number { return gzipSync(readFileSync(file), { level: 9 }).length; }

/** Files an HTML page loads (scripts, module preloads, styles), relative to the output folder. */
function assetsOf(dir: string, html: string): string[] {
  const text = readFileSync(join(dir, html), 'utf8');
  const refs = [...text.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1].replace(/^\//, ''));
  return [html, ...new Set(refs)].filter((f) => existsSync(join(dir, f)));
}

/**
 * The chunks `files` reach through dynamic import() only, followed through their own imports,
 * relative to the output folder. Reads Vite's output: `import(\`./x.js\`)`, and the
 * `__vite__mapDeps` list of what such an import preloads.
 */
function lazyChunksOf(dir: string, files: string[]): string[] {
  const initial = new Set(files);
  const lazy = new Set<string>();
  const visit = (file: string, viaDynamic: boolean) => {
    if (!file.endsWith('.js') || !existsSync(join(dir, file))) return;
    if (viaDynamic) {
      if (initial.has(file) || lazy.has(file)) return;
      lazy.add(file);
    }
    const code = readFileSync(join(dir, file), 'utf8');
    const base = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
    const near = (ref: string) => (ref.startsWith('./') ? base + ref.slice(2) : ref.replace(/^\//, ''));
    for (const m of code.matchAll(/\bimport\(\s*[`'"]([^`'"]+\.js)[`'"]\s*\)/g)) visit(near(m[1]!), true);
    for (const m of code.matchAll(/__vite__mapDeps=[^\[]*\[([^\]]*)\]/g)) {
      for (const ref of m[1]!.matchAll(/[`'"]([^`'"]+\.js)[`'"]/g)) visit(ref[1]!, true);
    }
    if (viaDynamic) for (const m of code.matchAll(/\bfrom\s*[`'"]([^`'"]+\.js)[`'"]/g)) visit(near(m[1]!), true);
  };
  for (const f of files) visit(f, false);
  return [...lazy];
}

export function bundleSizes(dir = '.output/chrome-mv3'): { builtAt: string; entrypoints: EntrypointSize[] } | null {
  if (!existsSync(join(dir, 'manifest.json'))) return null;
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    background?: { service_worker?: string }; content_scripts?: { js?: string[]; css?: string[] }[];
  };
  const groups = new Map<string, string[]>();
  if (manifest.background?.service_worker) groups.set('background', [manifest.background.service_worker]);
  (manifest.content_scripts ?? []).forEach((cs, i) => {
    const files = [...(cs.js ?? []), ...(cs.css ?? [])];
    const name = (cs.js?.[0] ?? `content-${i}`).replace(/^content-scripts\//, '').replace(/\.js$/, '');
    groups.set(`content script: ${name}`, files);
  });
  for (const f of readdirSync(dir)) {
    if (f.endsWith('.html')) groups.set(`page: ${f.replace(/\.html$/, '')}`, assetsOf(dir, f));
  }
  const entrypoints = [...groups].map(([entrypoint, files]) => {
    const present = files.filter((f) => existsSync(join(dir, f)));
    const lazy = lazyChunksOf(dir, present);
    return {
      entrypoint, files: present.length,
      bytes: present.reduce((n, f) => n + statSync(join(dir, f)).size, 0),
      gzipBytes: present.reduce((n, f) => n + gz(join(dir, f)), 0),
      lazyFiles: lazy.length,
      lazyBytes: lazy.reduce((n, f) => n + statSync(join(dir, f)).size, 0),
      lazyGzipBytes: lazy.reduce((n, f) => n + gz(join(dir, f)), 0),
    };
  });
  return { builtAt: statSync(join(dir, 'manifest.json')).mtime.toISOString(), entrypoints };
}

export interface BrowserTimings {
  /** Page load → the "Segments" launcher visible on manager.line.biz (ms, median). */
  launcherVisibleMs: number | null;
  /** Popup opened → its first segment count on screen, from the cache (ms, median). */
  popupFirstCountMs: number | null;
  /** Of popupFirstCountMs, the time until the popup's HTML is parsed, before its code runs (ms, median). */
  popupHtmlParsedMs?: number | null;
  note?: string;
}

/**
 * HOOK for the end-to-end harness (tests/e2e: Chromium with the built extension and a self-signed
 * manager.line.biz): it writes bench/results/extension-timings.json as `BrowserTimings`, and the
 * benchmark reports it. Until it does, the figures are reported as not measured.
 */
export function browserTimings(file = 'bench/results/extension-timings.json'): BrowserTimings {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as BrowserTimings;
  return { launcherVisibleMs: null, popupFirstCountMs: null, note: `not measured: ${relative(process.cwd(), file)} not written by the e2e harness yet` };
}
