/**
 * "Connect this account" (issue 13): the panel of an account the sync API does not know connects
 * it by its LINE channel, says what to fix next to the field, and then opens the account with the
 * next step, "Set the webhook URL".
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLanguage } from '@/lib/i18n';
import { MessageError, type Settings } from '@/lib/messages';
import { click, getByRole, queryAllByRole, settle, type } from './dom';
import { ACCOUNT, fakeBackground } from './fake-background';
import { openPanel, type Harness } from './panel-harness';

const SECRET = '0123456789abcdef0123456789abcdef';
const NOW = '2026-03-01T12:00:00.000Z';
const session: NonNullable<Settings['auth']> = { kind: 'session', member: { id: 'm1', email: 'aoi@example.com', name: 'Aoi' }, expiresAt: NOW };

/** A background where the account is unknown until `connectAccount` answers `answer`. */
function world(answer: () => unknown = () => ({ id: ACCOUNT, name: 'Cafe', timezone: 'Asia/Tokyo', role: 'admin' }), auth = session) {
  let known = false;
  const bg = fakeBackground({}, {
    getSettings: () => ({ apiUrl: 'http://127.0.0.1:8787', hasToken: true, language: 'auto', lastAccountId: null, auth }),
    listSegments: () => {
      if (!known) throw new MessageError({ kind: 'not_found', status: 404, message: 'not found' });
      return { data: [], fetchedAt: NOW, refreshing: false, offline: false };
    },
    connectAccount: () => {
      const account = answer();
      known = true;
      return account as never;
    },
    listIntegrations: () => [],
    listAccounts: () => ({ data: [], fetchedAt: NOW, refreshing: false, offline: false }),
  });
  return bg;
}

let h: Harness;
beforeEach(() => setLanguage('en'));
afterEach(() => h.unmount());

const form = () => getByRole(h.root, 'region', 'Connect this account');
/** A password input (no role of its own), by its label. */
function byLabel(root: ParentNode, label: string): HTMLInputElement {
  const l = [...root.querySelectorAll('label')].find((x) => x.textContent === label);
  if (!l) throw new Error(`No field labelled ${label}`);
  return (root as Element).querySelector(`#${CSS.escape(l.htmlFor)}`) as HTMLInputElement;
}
const secret = () => byLabel(form(), 'Channel secret');
const token = () => byLabel(form(), 'Channel access token');
async function fill(s: string, tk: string) {
  await type(secret(), s);
  await type(token(), tk);
  await click(getByRole(form(), 'button', 'Connect'));
  await settle(5);
}
const refused = (info: ConstructorParameters<typeof MessageError>[0]) => () => { throw new MessageError(info); };

describe('Connect this account', () => {
  it('asks for the channel secret and token, saying where each is in the LINE Developers console', async () => {
    h = await openPanel(world());
    await settle(3);
    expect(form().textContent).toContain(`${ACCOUNT} is not in Lumo yet`);
    expect(form().textContent).toContain('You are signed in as Aoi.');
    expect(secret().getAttribute('aria-describedby')).toBeTruthy();
    expect(form().textContent).toContain('“Basic settings” tab › Channel secret');
    expect(form().textContent).toContain('“Messaging API” tab › Channel access token (long-lived) › “Issue”');
  });

  it('says a channel secret is not 32 hex digits next to the field, and sends nothing', async () => {
    const bg = world();
    h = await openPanel(bg);
    await fill('not-a-secret', 'tok');
    expect(secret().getAttribute('aria-invalid')).toBe('true');
    expect(form().textContent).toContain('The channel secret is 32 letters and digits');
    expect(bg.sent('connectAccount')).toEqual([]);
  });

  it('connects with the page\'s account id, opens the empty segment list, and offers the webhook URL as the next step', async () => {
    const bg = world();
    h = await openPanel(bg);
    await fill(SECRET, ' the-token ');
    expect(bg.sent('connectAccount')).toEqual([{ accountId: ACCOUNT, channelSecret: SECRET, channelAccessToken: 'the-token' }]);
    expect(getByRole(h.root, 'button', 'Create Segment')).toBeTruthy();
    expect(queryAllByRole(h.root, 'region', 'Connect this account')).toEqual([]);
    const next = getByRole(h.root, 'button', 'Set the webhook URL');
    expect(h.root.activeElement).toBe(next);
    await click(next);
    await settle(5);
    expect(getByRole(h.root, 'tab', 'Connections').getAttribute('aria-selected')).toBe('true');
    expect(queryAllByRole(h.root, 'button', 'Set the webhook URL')).toEqual([]);
  });

  it('says a token of another LINE account belongs to that account, next to the token', async () => {
    h = await openPanel(world(refused({ kind: 'invalid', status: 400, code: 'wrong_line_account', message: 'other', issues: [{ path: 'channelAccessToken', message: 'Belongs to @other_shop.' }] })));
    await fill(SECRET, 'tok');
    expect(token().getAttribute('aria-invalid')).toBe('true');
    expect(form().textContent).toContain(`This token belongs to another LINE Official Account (@other_shop). Copy the token of ${ACCOUNT}’s channel.`);
    expect(h.root.activeElement).toBe(token());
  });

  it('says LINE refused the token', async () => {
    h = await openPanel(world(refused({ kind: 'invalid', status: 400, code: 'credentials_rejected', message: 'no', issues: [{ path: 'channelAccessToken', message: 'LINE refused it' }] })));
    await fill(SECRET, 'tok');
    expect(form().textContent).toContain('LINE refused it: check that it was copied whole');
  });

  it('an account of which this person is not a member: who can invite them, and "Sign in as someone else"', async () => {
    const bg = world(refused({ kind: 'unauthorized', status: 403, code: 'not_a_member', message: 'not a member' }));
    h = await openPanel(bg);
    await fill(SECRET, 'tok');
    expect(getByRole(form(), 'alert').textContent).toContain('Ask an admin of this account to invite you');
    await click(getByRole(form(), 'button', 'Sign in as someone else'));
    expect(bg.sent('openOptions')).toEqual([{}]);
  });

  it('with an API token: explains that only a signed-in person can connect, and offers to sign in', async () => {
    const bg = world(undefined, { kind: 'token' });
    h = await openPanel(bg);
    await settle(3);
    expect(form().textContent).toContain('Only a person signed in with their email can connect an account');
    expect(form().querySelector('input')).toBeNull();
    await click(getByRole(form(), 'button', 'Sign in'));
    expect(bg.sent('openOptions')).toEqual([{}]);
  });

  it('says LINE could not be reached; nothing was saved', async () => {
    h = await openPanel(world(refused({ kind: 'server', status: 503, message: 'away' })));
    await fill(SECRET, 'tok');
    expect(getByRole(form(), 'alert').textContent).toContain('LINE could not check the credentials just now; nothing was saved');
  });

  it('speaks Japanese', async () => {
    setLanguage('ja');
    h = await openPanel(world());
    await settle(3);
    const region = getByRole(h.root, 'region', 'このアカウントを連携');
    await type(byLabel(region, 'チャネルシークレット'), 'xyz');
    await click(getByRole(region, 'button', '連携する'));
    expect(region.textContent).toContain('チャネルシークレットは32文字の英数字');
  });
});
