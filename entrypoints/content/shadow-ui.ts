/**
 * Our UI in the host page: every piece in its own open shadow root (WXT createShadowRootUi,
 * the entry's CSS injected into it), each host marked with `data-lumo-segments="<feature>"`
 * so injection is idempotent — a feature checks the mark before it injects, and a mark left by
 * an older copy of the content script (the extension was reloaded) is replaced, not doubled.
 */
import { render, type VNode } from 'preact';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentScriptAppendMode } from 'wxt/utils/content-script-ui/types';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

export const HOST_ATTR = 'data-lumo-segments';
const INSTANCE_ATTR = 'data-lumo-instance';
/** This copy of the content script. */
const INSTANCE = Math.random().toString(36).slice(2);

/** The hosts this copy has claimed; claimed synchronously, before the async creation. */
const claims = new Set<string>();

export function hostSelector(feature: string): string {
  return `[${HOST_ATTR}="${feature}"]`;
}

export interface ShadowUiOptions {
  ctx: ContentScriptContext;
  signal: AbortSignal;
  /** The feature id; one host per feature and page. */
  feature: string;
  /** Custom element name of the host (kebab-case). */
  name: string;
  anchor?: () => Element | null | undefined;
  append?: ContentScriptAppendMode;
  /** Keeps key events typed into our UI from reaching the host page's shortcuts. */
  isolateEvents?: boolean;
  render: () => VNode;
  /** Mount at once (default), or leave it to the feature (when its anchor comes and goes). */
  mountNow?: boolean;
}

/**
 * Creates (and by default mounts) the feature's UI, or returns undefined when this copy already
 * shows it. The UI is removed when `signal` aborts.
 */
export async function injectShadowUi(options: ShadowUiOptions): Promise<ShadowRootContentScriptUi<void> | undefined> {
  const { ctx, signal, feature } = options;
  if (signal.aborted || claims.has(feature)) return undefined;
  claims.add(feature);
  for (const old of document.querySelectorAll(hostSelector(feature))) {
    if (old.getAttribute(INSTANCE_ATTR) !== INSTANCE) old.remove();
  }
  let ui: ShadowRootContentScriptUi<void> | undefined;
  const release = () => {
    claims.delete(feature);
    ui?.remove();
  };
  signal.addEventListener('abort', release, { once: true });
  ctx.onInvalidated(release);
  ui = await createShadowRootUi<void>(ctx, {
    name: options.name,
    position: 'inline',
    mode: 'open',
    anchor: options.anchor ?? (() => document.body),
    append: options.append ?? 'last',
    isolateEvents: options.isolateEvents,
    onMount(container, _shadow, host) {
      host.setAttribute(HOST_ATTR, feature);
      host.setAttribute(INSTANCE_ATTR, INSTANCE);
      render(options.render(), container);
    },
    onRemove() {
      render(null, ui!.uiContainer);
    },
  });
  if (signal.aborted) {
    ui.remove();
    return undefined;
  }
  if (options.mountNow !== false) ui.mount();
  return ui;
}
