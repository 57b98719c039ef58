/**
 * "Create Broadcast" beside the broadcast list's own create button (メッセージ配信), where the
 * selector registry finds it. It asks for a segment and opens the broadcast window with it, as
 * the panel's row button does. The manager re-renders its content on every route, so a
 * MutationObserver puts the button back beside the anchor whenever it goes; where no anchor is
 * found, nothing is added.
 */
import { signal as createSignal } from '@preact/signals';
import { BroadcastPicker } from '@/components/broadcast-picker/BroadcastPicker';
import { createBroadcastPickerModel, type BroadcastPickerModel } from '@/components/broadcast-picker/model';
import { backgroundClient } from '@/components/models/client';
import { t } from '@/lib/i18n';
import { isBroadcastListPage, select } from '@/lib/line-manager';
import { defineFeature } from '../feature-manager';
import { injectShadowUi } from '../shadow-ui';

export function BroadcastButton({ onOpen }: { onOpen: (from: HTMLElement) => void }) {
  return (
    <button
      type="button"
      class="lumo-button lumo-button--primary lumo-manager-broadcast"
      aria-haspopup="dialog"
      title={t('managerBroadcast.buttonHint')}
      onClick={(e) => onOpen(e.currentTarget)}
    >
      <svg class="lumo-icon" viewBox="0 0 20 20" aria-hidden="true">
        <path d="M3 8.5v3h2.5l5 3.5v-10l-5 3.5H3ZM13.5 7.5c.9.7 1.4 1.6 1.4 2.5s-.5 1.8-1.4 2.5M15.6 5.2c1.5 1.2 2.4 2.9 2.4 4.8s-.9 3.6-2.4 4.8" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />
      </svg>
      {t('managerBroadcast.button')}
    </button>
  );
}

export const broadcastButton = defineFeature({
  id: 'broadcast-button',
  include: [isBroadcastListPage],
  async init(abort, { ctx, accountId }) {
    const picker = createSignal<BroadcastPickerModel | null>(null);
    let opener: HTMLElement | null = null;
    const close = () => {
      picker.value?.dispose();
      picker.value = null;
      const target = opener;
      opener = null;
      if (target?.isConnected) queueMicrotask(() => target.focus());
    };
    const open = (from: HTMLElement) => {
      picker.value?.dispose();
      opener = from;
      const model = createBroadcastPickerModel(backgroundClient, accountId);
      picker.value = model;
      void model.load();
    };
    abort.addEventListener('abort', () => { picker.value?.dispose(); picker.value = null; }, { once: true });

    const dialog = await injectShadowUi({
      ctx,
      signal: abort,
      feature: 'broadcast-picker',
      name: 'lumo-segments-broadcast-picker',
      isolateEvents: true,
      render: () => <PickerHost />,
    });
    if (!dialog) return false;
    function PickerHost() {
      const model = picker.value;
      return model ? <div class="lumo-root"><BroadcastPicker model={model} onClose={close} /></div> : null;
    }

    const button = await injectShadowUi({
      ctx,
      signal: abort,
      feature: 'broadcast-button',
      name: 'lumo-segments-broadcast',
      anchor: () => select('broadcastCreateButton'),
      append: 'after',
      render: () => <BroadcastButton onOpen={open} />,
      mountNow: false, // `ensure` mounts it beside the anchor, now and after each re-render
    });
    if (!button) return false;

    const ensure = () => {
      const anchor = select('broadcastCreateButton');
      if (!anchor) {
        if (button.shadowHost.isConnected) button.remove();
        return;
      }
      if (anchor.nextElementSibling !== button.shadowHost) button.mount();
    };
    const observer = new MutationObserver(ensure);
    observer.observe(document.body, { childList: true, subtree: true });
    abort.addEventListener('abort', () => observer.disconnect(), { once: true });
    ensure();
  },
});
