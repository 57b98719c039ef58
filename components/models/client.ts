/**
 * The panel's one way out: the typed message protocol to the background worker (lib/messages).
 * Models take a `PanelClient` so tests can hand them a fake background.
 */
import { sendMessage, subscribe, type MessageType, type PushEvent, type RequestOf, type ResponseOf } from '@/lib/messages';

export interface PanelClient {
  send<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>>;
  /** Push events (fresh data, outbox changes, settings); returns the unsubscribe function. */
  subscribe(listener: (event: PushEvent) => void): () => void;
}

export const backgroundClient: PanelClient = { send: sendMessage, subscribe };
