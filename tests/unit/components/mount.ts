/**
 * What the panel views' unit tests share: a container in the document for each test (in English;
 * unmounted and removed after it), and the slice of the panel's models a view reads.
 */
import { afterEach, beforeEach } from 'vitest';
import { render } from 'preact';
import { setLanguage } from '@/lib/i18n';
import type { PanelClient } from '@/components/models/client';
import type { PanelModels } from '@/components/models/panel';

/** Call at the top of a test file; `mount.container` is the current test's container. */
export function mountPerTest(): { readonly container: HTMLElement } {
  const mount = { container: document.createElement('div') };
  beforeEach(() => {
    setLanguage('en');
    mount.container = document.createElement('div');
    document.body.append(mount.container);
  });
  afterEach(() => {
    render(null, mount.container);
    mount.container.remove();
    setLanguage('en');
  });
  return mount;
}

/** The panel's models as a view sees them: its account and client, and whatever else it reads. */
export function viewModels(accountId: string, client: PanelClient, more: Record<string, unknown> = {}): PanelModels {
  return { accountId, client, ...more } as unknown as PanelModels;
}
