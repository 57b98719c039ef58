import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkFields, isShopDomain, serviceSpec } from '@/components/connections/services';
import { waitingServices } from '@/components/connections/notConnected';
import { setLanguage } from '@/lib/i18n';
import { MessageError, type ConnectionStatus } from '@/lib/messages';
import { click, getByRole, queryAllByRole, queryByText, settle, type } from './dom';
import { ACCOUNT, fakeBackground } from './fake-background';
import { openPanel, type Harness } from './panel-harness';

const NOW = '2026-03-01T12:00:00.000Z';

function aStatus(provider: ConnectionStatus['provider'], over: Partial<ConnectionStatus> = {}): ConnectionStatus {
  return {
    provider, connected: false, status: 'not_connected', connectedAt: null, lastSyncStartedAt: null, lastSyncAt: null,
    nextSyncAt: null, counts: null, lastError: null, linkField: provider === 'line' ? null : 'x', settings: {}, progress: null,
    ...(provider === 'line' ? { webhookPath: `/v1/webhooks/line/${ACCOUNT}`, webhookUrl: `http://127.0.0.1:8787/v1/webhooks/line/${ACCOUNT}` } : {}),
    ...over,
  };
}
const lineConnected = () => aStatus('line', { connected: true, status: 'idle', connectedAt: NOW, lastSyncAt: NOW, settings: { basicId: ACCOUNT } });

function world(opts: { role?: string; statuses?: ConnectionStatus[] } = {}) {
  let statuses = opts.statuses ?? [lineConnected(), aStatus('shopify'), aStatus('hubspot'), aStatus('klaviyo')];
  const set = (s: ConnectionStatus) => { statuses = statuses.map((x) => (x.provider === s.provider ? s : x)); return s; };
  const bg = fakeBackground({}, {
    listIntegrations: () => statuses,
    listAccounts: () => ({ data: [{ id: ACCOUNT, name: 'Shop', timezone: 'Asia/Tokyo', ...(opts.role ? { role: opts.role as 'operator' } : {}) }], fetchedAt: NOW, refreshing: false, offline: false }),
    connectIntegration: ({ provider, credentials }) => {
      if (credentials['accessToken'] === 'shpat_revoked') {
        throw new MessageError({ kind: 'invalid', status: 400, code: 'credentials_rejected', message: 'Shopify refused', issues: [{ path: 'accessToken', message: 'Shopify refused it' }] });
      }
      return set(aStatus(provider, { connected: true, status: 'syncing', connectedAt: NOW, settings: { shop: credentials['shop'] }, linkField: credentials['linkField'] ?? null, progress: { phase: 'customers', pages: 1, records: 250, startedAt: NOW } }));
    },
    syncIntegration: ({ provider }) => set(aStatus(provider, { ...statuses.find((s) => s.provider === provider), status: 'queued' })),
    disconnectIntegration: ({ provider }) => { set(aStatus(provider)); return { ok: true as const }; },
  });
  return { bg, finishSync(provider: ConnectionStatus['provider']) {
    set(aStatus(provider, { ...statuses.find((s) => s.provider === provider), status: 'idle', progress: null, lastSyncAt: NOW,
      counts: { records: 40, linked: 31, withoutLineUserId: 6, invalidLineUserId: 1, duplicateLineUserId: 0, notFriends: 2 } }));
  } };
}

let h: Harness;
beforeEach(() => setLanguage('en'));
afterEach(() => h.unmount());

async function openConnections(bg: ReturnType<typeof fakeBackground>, tab = 'Connections') {
  h = await openPanel(bg);
  await click(getByRole(h.root, 'tab', tab));
  await settle(5);
}
const section = (name: string) => getByRole(h.root, 'region', name);

describe('the Connections tab', () => {
  it('shows one section per service; LINE connected with its webhook URL and Copy', async () => {
    const { bg } = world();
    await openConnections(bg);
    expect([...h.root.querySelectorAll('section[data-service]')].map((r) => r.querySelector('h3')!.textContent)).toEqual(['LINE', 'Shopify', 'HubSpot', 'Klaviyo']);
    const line = section('LINE');
    expect(line.textContent).toContain('Connected');
    expect((getByRole(line, 'textbox', 'Webhook URL') as HTMLInputElement).value).toBe(`http://127.0.0.1:8787/v1/webhooks/line/${ACCOUNT}`);
    expect(getByRole(line, 'button', 'Copy')).toBeTruthy();
    expect(getByRole(section('Shopify'), 'button', 'Connect')).toBeTruthy();
    // The link field comes with its default.
    expect((getByRole(section('Shopify'), 'textbox', 'Field holding the LINE user id') as HTMLInputElement).value).toBe('lumo.line_user_id');
  });

  it('says whether LINE events have arrived: none yet (what to do), then when the last one came', async () => {
    const { bg } = world();
    await openConnections(bg);
    expect(section('LINE').textContent).toContain('No events yet — set the Webhook URL in the LINE Developers console and turn on “Use webhook”');
    h.unmount();
    const five = new Date(Date.now() - 5 * 60_000).toISOString();
    const later = world({ statuses: [{ ...lineConnected(), lastEventAt: five }, aStatus('shopify'), aStatus('hubspot'), aStatus('klaviyo')] });
    await openConnections(later.bg);
    expect(section('LINE').textContent).toContain('Last event from LINE: 5 min. ago');
    expect(section('LINE').textContent).not.toContain('No events yet');
  });

  it('says what to fix next to the field before sending anything', async () => {
    const { bg } = world();
    await openConnections(bg);
    const shopify = section('Shopify');
    await type(getByRole(shopify, 'textbox', 'Shop domain'), 'my-shop.example.com');
    await click(getByRole(shopify, 'button', 'Connect'));
    expect(shopify.textContent).toContain('Enter the shop’s myshopify.com domain');
    expect(shopify.textContent).toContain('Enter the Admin API access token.');
    expect(getByRole(shopify, 'textbox', 'Shop domain').getAttribute('aria-invalid')).toBe('true');
    expect(bg.sent('connectIntegration')).toEqual([]);
  });

  it('connects Shopify, shows the sync running, then what it found', async () => {
    const w = world();
    await openConnections(w.bg);
    const shopify = section('Shopify');
    await type(getByRole(shopify, 'textbox', 'Shop domain'), 'https://My-Shop.myshopify.com/');
    await type(shopify.querySelector<HTMLInputElement>('input[type=password]')!, 'shpat_good');
    await click(getByRole(shopify, 'button', 'Connect'));
    await settle(5);
    expect(w.bg.sent('connectIntegration')).toEqual([{ accountId: ACCOUNT, provider: 'shopify', credentials: { shop: 'my-shop.myshopify.com', accessToken: 'shpat_good', linkField: 'lumo.line_user_id' } }]);
    expect(section('Shopify').textContent).toContain('Syncing…');
    expect(section('Shopify').querySelector('progress')?.getAttribute('aria-label')).toBe('Syncing Shopify');
    w.finishSync('shopify');
    // The model polls while a sync runs.
    await new Promise((r) => setTimeout(r, 1700));
    await settle();
    const done = section('Shopify');
    expect(done.textContent).toContain('31 of 40 records linked to friends');
    expect(done.textContent).toContain('6 without a LINE user id in the link field');
    expect(done.querySelector('progress')).toBeNull();
    expect(getByRole(done, 'button', 'Sync now')).toBeTruthy();
  });

  it('puts a refusal by the service next to the field, in Japanese too', async () => {
    setLanguage('ja');
    const { bg } = world();
    await openConnections(bg, '連携');
    const shopify = getByRole(h.root, 'region', 'Shopify');
    await type(getByRole(shopify, 'textbox', 'ショップのドメイン'), 'my-shop.myshopify.com');
    await type(shopify.querySelector<HTMLInputElement>('input[type=password]')!, 'shpat_revoked');
    await click(getByRole(shopify, 'button', '連携する'));
    await settle(5);
    expect(shopify.textContent).toContain('Shopifyに拒否されました');
    expect(shopify.querySelector('input[type=password]')!.getAttribute('aria-invalid')).toBe('true');
  });

  it('asks before disconnecting, saying the conditions stop matching', async () => {
    const w = world();
    w.finishSync('line');
    await openConnections(w.bg);
    await click(getByRole(section('LINE'), 'button', 'Disconnect'));
    const dialog = getByRole(h.root, 'dialog', /Disconnect LINE/);
    expect(dialog.textContent).toContain('broadcasts cannot be sent');
    await click(getByRole(dialog, 'button', 'Cancel'));
    expect(w.bg.sent('disconnectIntegration')).toEqual([]);
    await click(getByRole(section('LINE'), 'button', 'Disconnect'));
    await click(getByRole(getByRole(h.root, 'dialog', /Disconnect LINE/), 'button', 'Disconnect'));
    await settle(5);
    expect(w.bg.sent('disconnectIntegration')).toEqual([{ accountId: ACCOUNT, provider: 'line' }]);
    expect(section('LINE').textContent).toContain('Not connected');
  });

  it('shows status only to a member who is not an admin', async () => {
    const { bg } = world({ role: 'operator' });
    await openConnections(bg);
    expect(h.root.textContent).toContain('Only an admin of this account can connect');
    expect(queryAllByRole(h.root, 'button', 'Connect')).toHaveLength(0);
    expect(queryAllByRole(h.root, 'button', 'Disconnect')).toHaveLength(0);
    expect(queryByText(section('LINE'), 'Connected')).toBeTruthy();
  });
});

describe('service fields', () => {
  it('knows a channel secret and a shop domain', () => {
    expect(checkFields(serviceSpec('line'), { channelSecret: 'abc', channelAccessToken: 't' })).toMatchObject({ ok: false, errors: { channelSecret: { key: 'connections.error.channelSecret' } } });
    expect(checkFields(serviceSpec('line'), { channelSecret: '0123456789abcdef0123456789ABCDEF', channelAccessToken: 't' })).toEqual({ ok: true, body: { channelSecret: '0123456789abcdef0123456789ABCDEF', channelAccessToken: 't' } });
    expect(isShopDomain('shop.myshopify.com')).toBe(true);
    expect(isShopDomain('shop.myshopify.com.evil.example')).toBe(false);
    expect(isShopDomain('shop')).toBe(false);
  });
});

describe('the editor follows connections', () => {
  it('names a service that is not connected, and "Connect Klaviyo" opens its section', async () => {
    const { bg } = world();
    h = await openPanel(bg);
    await click(getByRole(h.root, 'button', 'Create Segment'));
    expect(h.root.textContent).toContain('Klaviyo is not connected: its properties are disabled.');
    expect(queryAllByRole(h.root, 'button', 'Connect Shopify')).toHaveLength(0);
    await click(getByRole(h.root, 'button', 'Connect Klaviyo'));
    await settle(5);
    expect(getByRole(h.root, 'tab', 'Connections').getAttribute('aria-selected')).toBe('true');
    expect(h.root.activeElement?.id).toBe('lumo-conn-klaviyo-title');
  });

  it('says which conditions of a segment use a disconnected service', () => {
    const catalog = { timezone: 'Asia/Tokyo', properties: [
      { id: 'shopify.integrated' as const, available: false, operators: [] },
      { id: 'shopify.purchase_count' as const, available: false, operators: [] },
      { id: 'hubspot.integrated' as const, available: true, operators: [] },
    ] };
    const waiting = waitingServices(catalog, { groups: [
      { conditions: [{ property: 'shopify.purchase_count', operator: 'gte', value: 5 }] },
      { conditions: [{ property: 'hubspot.integrated', operator: 'is_integrated' }, { property: 'shopify.integrated', operator: 'is_integrated' }] },
    ] });
    expect(waiting).toEqual([{ provider: 'shopify', conditions: ['1.1', '2.2'] }]);
  });
});
