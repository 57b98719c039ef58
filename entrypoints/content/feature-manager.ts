/**
 * Runs the content script's features (refined-github's feature manager, WXT's context).
 *
 * Each feature is declared with its run conditions (page detectors), a key, and an
 * `init(signal, env)` that may return `false` ("not here"). Its listeners and UI belong to the
 * signal, which aborts when the feature's key changes on an in-page navigation
 * (`wxt:locationchange`: another account, or a page where it does not run) or when the content
 * script is invalidated (extension reloaded). A failing feature never breaks another or the host
 * page: its error is logged once, tagged with its id.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { getAccountId } from '@/lib/line-manager';

export interface FeatureEnv {
  ctx: ContentScriptContext;
  url: URL;
  /** The account of the page ("@basicid"); empty on pages without one. */
  accountId: string;
}

export interface Feature {
  id: string;
  /** Page detectors; the feature runs where all of them say yes. */
  include: ((url: URL) => boolean)[];
  /**
   * The feature keeps running across navigations while its key stays the same, and restarts
   * when it changes. Default: the account, so an account switch restarts it.
   */
  key?: (url: URL) => string;
  init(signal: AbortSignal, env: FeatureEnv): void | false | Promise<void | false>;
}

export const defineFeature = (feature: Feature): Feature => feature;

const logged = new Set<string>();

/** Logs a feature's error once, tagged with its id; never rethrows into the page. */
export function logFeatureError(id: string, error: unknown): void {
  if (logged.has(id)) return;
  logged.add(id);
  console.error(`[lumo-segments:${id}]`, error);
}

function attempt<T>(id: string, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (error) {
    logFeatureError(id, error);
    return fallback;
  }
}

interface Running { key: string; controller: AbortController }

export interface FeatureRunner {
  /** Re-evaluates every feature against `url`, by default the current location. */
  update(url?: string): void;
  /** Ids of the features running now. */
  running(): string[];
}

export function runFeatures(
  ctx: ContentScriptContext,
  features: readonly Feature[],
  currentUrl: () => string = () => location.href,
): FeatureRunner {
  const running = new Map<string, Running>();

  const start = (feature: Feature, signal: AbortSignal, env: FeatureEnv) => {
    try {
      const result = feature.init(signal, env);
      if (result instanceof Promise) result.catch((error: unknown) => logFeatureError(feature.id, error));
    } catch (error) {
      logFeatureError(feature.id, error);
    }
  };

  const update = (href = currentUrl()) => {
    if (ctx.isInvalid) return;
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      return;
    }
    const accountId = getAccountId(url) ?? '';
    for (const feature of features) {
      const included = attempt(feature.id, () => feature.include.every((detect) => detect(url)), false);
      const key = included
        ? attempt(feature.id, () => feature.key?.(url) ?? accountId, undefined as string | undefined)
        : undefined;
      const current = running.get(feature.id);
      if (current && current.key === key) continue;
      if (current) {
        current.controller.abort();
        running.delete(feature.id);
      }
      if (key === undefined) continue;
      const controller = new AbortController();
      ctx.onInvalidated(() => controller.abort());
      running.set(feature.id, { key, controller });
      start(feature, controller.signal, { ctx, url, accountId });
    }
  };

  ctx.addEventListener(window, 'wxt:locationchange', (event) => {
    // Where the browser has the Navigation API (Chromium), WXT reports a change from its
    // "navigate" event, which fires before `location` changes: the event's URL is the new one.
    // A download is a "navigate" too ("Export CSV" saves a blob: URL through <a download>) but
    // the page stays: judged by that URL every feature stopped, and the panel lost its editor.
    if (event.newUrl.protocol === 'https:' || event.newUrl.protocol === 'http:') update(event.newUrl.href);
    // A navigation the page cancels, or one that leaves the document, never reaches that URL:
    // once it has settled, `location` says where the page really is.
    ctx.setTimeout(() => update(), 0);
  });
  update();
  return { update, running: () => [...running.keys()] };
}
