import { afterEach, describe, expect, it } from 'vitest';
import { exists, select, selectors, type Alternative } from '@/lib/line-manager';

afterEach(() => { document.body.innerHTML = ''; });

describe('selectors registry', () => {
  it('holds every host-page selector as a list of parseable alternatives', () => {
    for (const [name, alternatives] of Object.entries(selectors)) {
      expect(alternatives.length, name).toBeGreaterThan(0);
      for (const alt of alternatives as readonly Alternative[]) {
        const css = typeof alt === 'string' ? alt : alt.selector;
        expect(() => document.createElement('div').querySelector(css), `${name}: ${css}`).not.toThrow();
        if (typeof alt !== 'string' && alt.notWithin) {
          expect(() => document.createElement('div').querySelector(alt.notWithin!), `${name}: ${alt.notWithin}`).not.toThrow();
        }
      }
    }
  });

  it('finds the manager navigation: sidebar <nav> with a label', () => {
    document.body.innerHTML = '<aside><nav aria-label="メインメニュー"><ul><li><a href="#">ホーム</a></li></ul></nav></aside>';
    expect(select('leftNavigation')?.tagName).toBe('UL');
  });

  it('finds the older Bootstrap sidebar', () => {
    document.body.innerHTML = '<div id="sidebar"><div class="list-group"><a href="#">Home</a></div></div>';
    expect(select('leftNavigation')?.className).toBe('list-group');
  });

  it('finds nothing on a page without navigation, so the launcher stays the only way in', () => {
    document.body.innerHTML = '<main><ul><li>not a nav</li></ul></main>';
    expect(select('leftNavigation')).toBeUndefined();
    expect(exists('leftNavigation')).toBe(false);
  });
});

/** The broadcast list's head as the manager variants render it, with the side menu beside it. */
const SIDE_MENU = `<aside><nav aria-label="メインメニュー"><ul>
  <li><a href="/account/@shop/broadcast/">メッセージ配信</a></li>
  <li><a href="/account/@shop/broadcast/create">メッセージを作成</a></li></ul></nav></aside>`;

describe('broadcastCreateButton: the broadcast list\'s own create button', () => {
  it('finds the current manager\'s link to the create page, not the side menu\'s', () => {
    document.body.innerHTML = `${SIDE_MENU}<main><h1>メッセージ配信</h1>
      <a id="own" class="btn btn-primary" href="/account/@shop/broadcast/create">作成</a></main>`;
    expect(select('broadcastCreateButton')?.id).toBe('own');
  });

  it('finds the link when it carries the list\'s filters', () => {
    document.body.innerHTML = `<main><a id="own" href="/account/@shop/broadcast/create?from=list">作成</a></main>`;
    expect(select('broadcastCreateButton')?.id).toBe('own');
  });

  it.each([
    ['作成', '<button id="own" type="button">作成</button>'],
    ['full-width spaces around the label', '<button id="own" type="button">\u3000作成\u3000</button>'],
    ['新規作成', '<div id="own" role="button" tabindex="0">新規作成</div>'],
    ['the English manager', '<button id="own" type="button"><span class="icon"></span> Create new </button>'],
    ['an icon button with an aria-label', '<button id="own" type="button" aria-label="Create"><svg></svg></button>'],
  ])('finds a script-routed button by its label: %s', (_variant, html) => {
    document.body.innerHTML = `${SIDE_MENU}<main><button type="button">絞り込み</button>${html}</main>`;
    expect(select('broadcastCreateButton')?.id).toBe('own');
  });

  it('prefers the link to the create page over a button that only says the same', () => {
    document.body.innerHTML = `<main><button id="other" type="button">作成</button>
      <a id="own" href="/account/@shop/broadcast/create">作成</a></main>`;
    expect(select('broadcastCreateButton')?.id).toBe('own');
  });

  it.each([
    ['a list without a create button', '<main><h1>メッセージ配信</h1><table><tr><td>Welcome campaign</td></tr></table></main>'],
    ['only the side menu links to the create page', `${SIDE_MENU}<main><h1>メッセージ配信</h1></main>`],
    ['labels that only contain the word', '<main><button>作成日</button><button>Created at</button><a href="#">コピーを作成する</a></main>'],
    ['a dialog\'s button', '<main><div role="dialog"><button>作成</button></div></main>'],
  ])('finds nothing on %s, so nothing is added', (_variant, html) => {
    document.body.innerHTML = html;
    expect(select('broadcastCreateButton')).toBeUndefined();
  });
});
