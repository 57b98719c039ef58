/**
 * The sending end of the protocol, for the content script, the popup and the extension pages.
 * Requests are checked before they leave, responses before the caller sees them.
 */
import { browser, type Browser } from 'wxt/browser';
import { toIssues } from '../segment/schema';
import { MessageError } from './errors';
import { EVENTS_PORT, pushEventSchema, type PushEvent } from './events';
import {
  MESSAGES, PROTOCOL, responseEnvelopeSchema,
  type MessageType, type RequestOf, type ResponseOf,
} from './protocol';

/** Sends one request to the background; resolves with its checked response or throws a MessageError. */
export async function sendMessage<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
  const spec = MESSAGES[type];
  const request = spec.request.safeParse(payload);
  if (!request.success) {
    throw new MessageError({ kind: 'malformed', message: `The "${type}" request does not fit the protocol.`, issues: toIssues(request.error) });
  }
  let raw: unknown;
  try {
    raw = await browser.runtime.sendMessage({ protocol: PROTOCOL, type, payload });
  } catch (e) {
    // "Extension context invalidated" after an update, or no background listening yet.
    throw new MessageError({ kind: 'disconnected', message: `The extension's background did not answer: ${errorText(e)}` });
  }
  const envelope = responseEnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    throw new MessageError({ kind: 'bad_response', message: `The answer to "${type}" does not fit the protocol.`, issues: toIssues(envelope.error) });
  }
  if (!envelope.data.ok) throw new MessageError(envelope.data.error);
  const response = spec.response.safeParse(envelope.data.data);
  if (!response.success) {
    throw new MessageError({ kind: 'bad_response', message: `The answer to "${type}" does not fit the protocol.`, issues: toIssues(response.error) });
  }
  return response.data as ResponseOf<T>;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

// ---- push events -----------------------------------------------------------------------------------

type Listener = (event: PushEvent) => void;
const listeners = new Set<Listener>();
let port: Browser.runtime.Port | null = null;
let reconnectTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * Listens to the background's push events (fresh data, outbox changes, settings). One Port per
 * page is shared by all listeners; it reconnects when the service worker restarts, while the page
 * is visible (a hidden page catches up when it is shown again). Returns the unsubscribe function.
 */
export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  connect();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) disconnect();
  };
}

/** Listens to one event type only. */
export function on<T extends PushEvent['type']>(type: T, listener: (event: Extract<PushEvent, { type: T }>) => void): () => void {
  return subscribe((event) => {
    if (event.type === type) listener(event as Extract<PushEvent, { type: T }>);
  });
}

function connect() {
  if (port || listeners.size === 0) return;
  try {
    port = browser.runtime.connect({ name: EVENTS_PORT });
  } catch {
    port = null; // no background (tests, orphaned content script): events simply do not arrive
    return;
  }
  port.onMessage.addListener((raw: unknown) => {
    const event = pushEventSchema.safeParse(raw);
    if (!event.success) return; // an event from a newer or older background; ignore it
    for (const l of [...listeners]) {
      try { l(event.data); } catch (e) { console.error('[lumo] push event listener failed', e); }
    }
  });
  port.onDisconnect.addListener(() => {
    port = null;
    scheduleReconnect();
  });
}

function scheduleReconnect() {
  if (listeners.size === 0 || reconnectTimer) return;
  const visible = typeof document === 'undefined' || document.visibilityState !== 'hidden';
  if (!visible) {
    document.addEventListener('visibilitychange', function onShow() {
      if (document.visibilityState === 'hidden') return;
      document.removeEventListener('visibilitychange', onShow);
      connect();
    });
    return;
  }
  reconnectTimer = setTimeout(() => { reconnectTimer = null; connect(); }, 1000);
}

function disconnect() {
  if (reconnectTimer) { clearTimeout(reconnectTimer); reconnectTimer = null; }
  const p = port;
  port = null;
  try { p?.disconnect(); } catch { /* already gone */ }
}
