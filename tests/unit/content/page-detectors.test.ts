import { describe, expect, it } from 'vitest';
import { accountHomeUrl, getAccountId, isAccountPage, isBroadcastListPage, isLineManager } from '@/lib/line-manager';

/** Every URL each detector is held to, positive and negative (refined-github's habit). */
const ACCOUNT_PAGES: [string, string][] = [
  ['https://manager.line.biz/account/@123abcde/', '@123abcde'],
  ['https://manager.line.biz/account/@123abcde', '@123abcde'],
  ['https://manager.line.biz/account/@lumo-shop/broadcast/', '@lumo-shop'],
  ['https://manager.line.biz/account/@lumo_shop.jp/chat/Uabc?tab=all#top', '@lumo_shop.jp'],
  ['https://manager.line.biz/account/@ABC123/insight/friends', '@abc123'],
  ['https://manager.line.biz/account/%40encoded1/setting/', '@encoded1'],
];

const OTHER_PAGES = [
  'https://manager.line.biz/',
  'https://manager.line.biz/account',
  'https://manager.line.biz/account/',
  'https://manager.line.biz/account/123abcde/', // no "@": not an account id
  'https://manager.line.biz/accounts/@123abcde/',
  'https://manager.line.biz/setting/@123abcde/',
  'https://manager.line.biz/account/@/',
  'https://manager.line.biz/account/@bad id/',
  'http://manager.line.biz/account/@123abcde/', // not the manager's origin
  'https://manager.line.biz.evil.example/account/@123abcde/',
  'https://evil.example/https://manager.line.biz/account/@123abcde/',
  'https://chat.line.biz/account/@123abcde/',
  'https://account.line.biz/account/@123abcde/',
  'https://example.com/account/@123abcde/',
  'not a url',
  '',
];

describe('getAccountId / isAccountPage', () => {
  it.each(ACCOUNT_PAGES)('reads the account of %s', (url, id) => {
    expect(getAccountId(url)).toBe(id);
    expect(isAccountPage(url)).toBe(true);
    expect(isAccountPage(new URL(url))).toBe(true);
  });

  it.each(OTHER_PAGES)('refuses %s', (url) => {
    expect(getAccountId(url)).toBeUndefined();
    expect(isAccountPage(url)).toBe(false);
  });

  it('defaults to the current location', () => {
    const { happyDOM } = window as unknown as { happyDOM: { setURL(url: string): void } };
    happyDOM.setURL('https://manager.line.biz/account/@fromlocation/');
    expect(getAccountId()).toBe('@fromlocation');
    happyDOM.setURL('https://example.com/');
    expect(isAccountPage()).toBe(false);
  });
});

describe('isLineManager', () => {
  it('accepts every manager page, account or not', () => {
    for (const [url] of ACCOUNT_PAGES) expect(isLineManager(url)).toBe(true);
    expect(isLineManager('https://manager.line.biz/')).toBe(true);
  });

  it('refuses other sites', () => {
    for (const url of OTHER_PAGES.filter((u) => !u.startsWith('https://manager.line.biz/'))) {
      expect(isLineManager(url)).toBe(false);
    }
  });
});

it('builds an account home URL that its own detector reads back', () => {
  expect(getAccountId(accountHomeUrl('@123abcde'))).toBe('@123abcde');
});

describe('isBroadcastListPage', () => {
  const LISTS = [
    'https://manager.line.biz/account/@lumo-shop/broadcast',
    'https://manager.line.biz/account/@lumo-shop/broadcast/',
    'https://manager.line.biz/account/@lumo-shop/broadcast/list',
    'https://manager.line.biz/account/@lumo-shop/broadcast/?status=sent&page=2',
    'https://manager.line.biz/account/%40encoded1/broadcast/',
    'https://manager.line.biz/account/@ABC123/Broadcast/',
  ];
  const NOT_LISTS = [
    'https://manager.line.biz/account/@lumo-shop/broadcast/create', // composing one: no create button there
    'https://manager.line.biz/account/@lumo-shop/broadcast/12345',
    'https://manager.line.biz/account/@lumo-shop/broadcasts/',
    'https://manager.line.biz/account/@lumo-shop/broadcast-settings/',
    'https://manager.line.biz/account/@lumo-shop/insight/broadcast/',
    'https://manager.line.biz/broadcast/',
    'https://evil.example/account/@lumo-shop/broadcast/',
  ];

  it.each(LISTS)('accepts %s', (url) => expect(isBroadcastListPage(url)).toBe(true));
  it.each(NOT_LISTS)('refuses %s', (url) => expect(isBroadcastListPage(url)).toBe(false));

  it('refuses every page the other detectors refuse, and every other account page', () => {
    for (const url of OTHER_PAGES) expect(isBroadcastListPage(url)).toBe(false);
    for (const [url] of ACCOUNT_PAGES.filter(([u]) => !LISTS.includes(u))) expect(isBroadcastListPage(url)).toBe(false);
  });
});
