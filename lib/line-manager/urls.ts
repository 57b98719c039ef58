/**
 * Page detectors of the LINE Official Account Manager (manager.line.biz). Each takes
 * `url = location`, so tests can hand it any URL, and refuses every other site.
 *
 * Account pages: https://manager.line.biz/account/@basicid/… (home, chat, broadcasts, insights…).
 * The id is the account's LINE basic id (or premium id), always "@" + lowercase letters, digits,
 * and `_ . -` — the same shape as the sync API's account ids (lib/contract accountIdSchema).
 */

type UrlLike = Pick<URL, 'href'> | string;

export const MANAGER_ORIGIN = 'https://manager.line.biz';
const ACCOUNT_PATH = /^\/account\/(@[a-z0-9_.-]{1,40})(?:\/|$)/i;

function parse(url: UrlLike): URL | undefined {
  try {
    return new URL(typeof url === 'string' ? url : url.href);
  } catch {
    return undefined;
  }
}

/** True on any page of the LINE manager itself. */
export function isLineManager(url: UrlLike = location): boolean {
  return parse(url)?.origin === MANAGER_ORIGIN;
}

/**
 * The account a manager page belongs to, as "@basicid" in lowercase (the manager's URLs are
 * case-insensitive; the sync API's ids are lowercase). Undefined anywhere else.
 */
export function getAccountId(url: UrlLike = location): string | undefined {
  const u = parse(url);
  if (u?.origin !== MANAGER_ORIGIN) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname); // "%40abc" is how some links spell "@abc"
  } catch {
    return undefined;
  }
  return ACCOUNT_PATH.exec(path)?.[1]?.toLowerCase();
}

/** True on a page of one account (where the Segment panel belongs). */
export function isAccountPage(url: UrlLike = location): boolean {
  return getAccountId(url) !== undefined;
}

/**
 * The account's broadcast list (メッセージ配信): /account/@id/broadcast, also as /broadcast/list
 * and with the list's filters in the query. Not the pages that compose or show one broadcast
 * (/broadcast/create, /broadcast/<id>): they have no create button to stand beside.
 */
export function isBroadcastListPage(url: UrlLike = location): boolean {
  const u = parse(url);
  if (!u || getAccountId(u) === undefined) return false;
  return /^\/account\/[^/]+\/broadcast(?:\/list)?\/?$/i.test(u.pathname);
}

/** The account's home in the manager: where the account switcher lands. */
export function accountHomeUrl(accountId: string): string {
  return `${MANAGER_ORIGIN}/account/${accountId}/`;
}
