/**
 * The receiving end of the protocol, in the background worker: every request is checked against
 * its schema before a handler sees it, and a message that does not fit is refused with a
 * `malformed` error response, never passed on. Also the hub of push events to connected UIs.
 */
import { browser, type Browser } from 'wxt/browser';
import { toIssues } from '../segment/schema';
import { EVENTS_PORT, type PushEvent } from './events';
import {
  MESSAGES, requestEnvelopeSchema,
  type ErrorInfo, type MessageType, type ParsedRequestOf, type ResponseEnvelope, type ResponseOf,
} from './protocol';

export interface HandlerContext {
  sender: Browser.runtime.MessageSender;
}
export type Handler<T extends MessageType> =
  (payload: ParsedRequestOf<T>, ctx: HandlerContext) => Promise<ResponseOf<T>> | ResponseOf<T>;
export type Handlers = { [T in MessageType]: Handler<T> };

/** Anything thrown by a handler that knows how to describe itself to a UI (MessageError, ApiError). */
interface Describable { toInfo(): ErrorInfo }
const isDescribable = (e: unknown): e is Describable =>
  typeof e === 'object' && e !== null && typeof (e as Describable).toInfo === 'function';

export interface DispatchOptions {
  /** Called before each well-formed request, e.g. to resume draining the outbox. */
  onRequest?: (type: MessageType, sender: Browser.runtime.MessageSender) => void;
}

/** Checks one raw message and runs its handler; always resolves with a response envelope. */
export async function dispatch(
  handlers: Partial<Handlers>,
  raw: unknown,
  sender: Browser.runtime.MessageSender = {},
  options: DispatchOptions = {},
): Promise<ResponseEnvelope> {
  if (sender.id !== undefined && sender.id !== browser.runtime.id) {
    return refuse('malformed', 'Messages are accepted from this extension only.');
  }
  const envelope = requestEnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    return { ok: false, error: { kind: 'malformed', message: 'This message does not fit the Lumo protocol.', issues: toIssues(envelope.error) } };
  }
  const { type, payload } = envelope.data;
  const request = MESSAGES[type].request.safeParse(payload);
  if (!request.success) {
    return { ok: false, error: { kind: 'malformed', message: `The "${type}" request does not fit the protocol.`, issues: toIssues(request.error) } };
  }
  const handler = handlers[type] as Handler<typeof type> | undefined;
  if (!handler) return refuse('internal', `No handler for "${type}".`);
  options.onRequest?.(type, sender);
  try {
    const data = await handler(request.data as never, { sender });
    return { ok: true, data };
  } catch (e) {
    if (isDescribable(e)) return { ok: false, error: e.toInfo() };
    console.error(`[lumo] handler "${type}" failed`, e);
    return refuse('internal', 'Something went wrong in the extension. Try again; if it keeps happening, reload the extension.');
  }
}

const refuse = (kind: ErrorInfo['kind'], message: string): ResponseEnvelope => ({ ok: false, error: { kind, message } });

/**
 * Serves the protocol on runtime messaging. Answers through `sendResponse` and `return true`,
 * which every browser (and WXT's fake browser) supports. Returns the function that stops it.
 */
export function handleMessages(handlers: Handlers, options: DispatchOptions = {}): () => void {
  const listener = (raw: unknown, sender: Browser.runtime.MessageSender, sendResponse: (r: unknown) => void) => {
    void dispatch(handlers, raw, sender, options).then(sendResponse);
    return true as const;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

// ---- push events -----------------------------------------------------------------------------------

/** A Port as far as the hub needs it (lets tests pass an in-memory pair). */
export interface EventPort {
  name: string;
  postMessage(message: unknown): void;
  onDisconnect: { addListener(cb: () => void): void };
}

export interface EventHub {
  /** Sends an event to every connected UI. */
  emit(event: PushEvent): void;
  /** Adopts a newly connected port (runtime.onConnect); ignores ports of other names. */
  accept(port: EventPort): void;
  /** Number of connected UIs. */
  readonly size: number;
  dispose(): void;
}

export function createEventHub(): EventHub {
  const ports = new Set<EventPort>();
  return {
    emit(event) {
      for (const p of ports) {
        try { p.postMessage(event); } catch { ports.delete(p); }
      }
    },
    accept(port) {
      if (port.name !== EVENTS_PORT) return;
      ports.add(port);
      port.onDisconnect.addListener(() => ports.delete(port));
    },
    get size() { return ports.size; },
    dispose() { ports.clear(); },
  };
}

/** Wires a hub to runtime.onConnect. */
export function serveEvents(hub: EventHub): () => void {
  const listener = (port: Browser.runtime.Port) => hub.accept(port);
  browser.runtime.onConnect.addListener(listener);
  return () => browser.runtime.onConnect.removeListener(listener);
}
