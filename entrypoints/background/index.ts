/**
 * The background worker: the extension's only network I/O. Every listener is registered
 * synchronously at the top of main, as MV3 requires for a worker woken by that very event.
 */
import { browser } from 'wxt/browser';
import { handleMessages, serveEvents } from '../../lib/messages/background';
import { createBackgroundService, OUTBOX_ALARM } from './service';

export default defineBackground(() => {
  const service = createBackgroundService({
    setAlarm: (at) => {
      if (at === null) void browser.alarms.clear(OUTBOX_ALARM);
      else void browser.alarms.create(OUTBOX_ALARM, { when: at });
    },
  });
  handleMessages(service.handlers, { onRequest: () => service.wake() });
  serveEvents(service.hub);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OUTBOX_ALARM) service.wake();
  });
  browser.runtime.onStartup.addListener(() => service.wake());
  void service.start();
});
