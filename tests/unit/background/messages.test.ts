import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import {
  MessageError, PROTOCOL, createEventHub, dispatch, handleMessages, sendMessage, type Handlers,
} from '../../../lib/messages';

const settings = { apiUrl: 'http://localhost:8787', hasToken: true, language: 'auto' as const, lastAccountId: null };

describe('the message protocol', () => {
  beforeEach(() => fakeBrowser.reset());

  it('refuses a message that is not ours with an error response', async () => {
    const res = await dispatch({ getSettings: () => settings }, { hello: 'world' });
    expect(res).toMatchObject({ ok: false, error: { kind: 'malformed' } });
  });

  it('refuses an unknown message type', async () => {
    const res = await dispatch({}, { protocol: PROTOCOL, type: 'formatDisk', payload: {} });
    expect(res).toMatchObject({ ok: false, error: { kind: 'malformed' } });
  });

  it('refuses a request whose payload does not fit, naming the field, and never calls the handler', async () => {
    let called = false;
    const res = await dispatch(
      { deleteSegment: () => { called = true; return { outboxId: 'x', state: 'sent', data: null, error: null }; } },
      { protocol: PROTOCOL, type: 'deleteSegment', payload: { accountId: '@shop', segmentId: 's1', version: 'three' } },
    );
    expect(called).toBe(false);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.issues?.map((i) => i.path)).toContain('version');
  });

  it('refuses a message from another extension', async () => {
    const res = await dispatch({ getSettings: () => settings }, { protocol: PROTOCOL, type: 'getSettings', payload: {} }, { id: 'someone-else' });
    expect(res).toMatchObject({ ok: false, error: { kind: 'malformed' } });
  });

  it('carries a request to its handler and the checked response back', async () => {
    handleMessages({ getSettings: () => settings } as unknown as Handlers);
    await expect(sendMessage('getSettings', {})).resolves.toEqual(settings);
  });

  it('the sender refuses a response that does not fit the protocol', async () => {
    handleMessages({ getSettings: () => ({ apiUrl: 42 }) } as unknown as Handlers);
    const err = await sendMessage('getSettings', {}).catch((e) => e);
    expect(err).toBeInstanceOf(MessageError);
    expect(err.kind).toBe('bad_response');
  });

  it('a malformed message sent over runtime messaging gets an error response', async () => {
    handleMessages({ getSettings: () => settings } as unknown as Handlers);
    const res = await browser.runtime.sendMessage({ protocol: PROTOCOL, type: 'getSettings', payload: { extra: 1 } });
    expect(res).toMatchObject({ ok: false, error: { kind: 'malformed' } });
  });

  it('a handler error that describes itself reaches the sender typed', async () => {
    handleMessages({
      listAccounts: () => { throw new MessageError({ kind: 'unreachable', message: 'The sync API is not answering.' }); },
    } as unknown as Handlers);
    const err = await sendMessage('listAccounts', {}).catch((e) => e);
    expect(err).toMatchObject({ kind: 'unreachable', message: 'The sync API is not answering.' });
  });

  it('the sender checks a request before it leaves', async () => {
    const err = await sendMessage('getSegment', { accountId: 'not an account', segmentId: 's' }).catch((e) => e);
    expect(err).toMatchObject({ kind: 'malformed' });
  });

  it('pushes events to connected ports until they disconnect', () => {
    const hub = createEventHub();
    const got: unknown[] = [];
    let drop = () => {};
    hub.accept({ name: 'lumo/events', postMessage: (m) => got.push(m), onDisconnect: { addListener: (cb) => { drop = cb; } } });
    hub.accept({ name: 'other', postMessage: () => { throw new Error('not ours'); }, onDisconnect: { addListener: () => {} } });
    hub.emit({ type: 'fresh.accounts', data: [] });
    drop();
    hub.emit({ type: 'fresh.accounts', data: [] });
    expect(got).toHaveLength(1);
    expect(hub.size).toBe(0);
  });
});
