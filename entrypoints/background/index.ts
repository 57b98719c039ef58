/**
 * The background worker: the extension's only network I/O. Every listener is registered
 * synchronously at the top of main, as MV3 requires for a worker woken by that very event.
 */
import { browser } from 'wxt/browser';
import { getAccountId } from '../../lib/line-manager/urls';
import { handleMessages, serveEvents } from '../../lib/messages/background';
import { createBackgroundService, OUTBOX_ALARM } from './service';

export default defineBackground(() => {
  const service = createBackgroundService({
    setAlarm: (at) => {
      if (at === null) void browser.alarms.clear(OUTBOX_ALARM);
      else void browser.alarms.create(OUTBOX_ALARM, { when: at });
    },
  });
  handleMessages(service.handlers, {
    onRequest: (_type, sender) => {
      service.wake();
      // A message from a manager.line.biz account page says which account is in use: the
      // popup opens on it when no account page is the current tab.
      const accountId = sender.tab?.url ? getAccountId(sender.tab.url) : undefined;
      if (accountId) service.noteAccount(accountId);
    },
  });
  serveEvents(service.hub);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OUTBOX_ALARM) service.wake();
  });
  browser.runtime.onStartup.addListener(() => service.wake());
  void service.start();
});
