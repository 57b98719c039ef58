/**
 * The extension's one message protocol. UIs: `sendMessage`, `subscribe`/`on`. Background:
 * `handleMessages`, `createEventHub`, `serveEvents`.
 */
export * from './protocol';
export * from './events';
export * from './errors';
export { sendMessage, subscribe, on } from './client';
export {
  handleMessages, dispatch, createEventHub, serveEvents,
  type Handler, type Handlers, type HandlerContext, type EventHub, type EventPort, type DispatchOptions,
} from './background';
