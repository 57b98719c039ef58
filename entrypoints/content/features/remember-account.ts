/** Tells the background which account is open, so the popup can show it first. */
import { isAccountPage } from '@/lib/line-manager';
import { sendMessage } from '@/lib/messages';
import { defineFeature } from '../feature-manager';

export const rememberAccount = defineFeature({
  id: 'remember-account',
  include: [isAccountPage],
  async init(_signal, { accountId }) {
    try {
      await sendMessage('rememberAccount', { accountId });
    } catch {
      // Only a convenience for the popup; the page works without it.
    }
  },
});
