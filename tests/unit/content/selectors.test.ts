import { afterEach, describe, expect, it } from 'vitest';
import { exists, select, selectors } from '@/lib/line-manager';

afterEach(() => { document.body.innerHTML = ''; });

describe('selectors registry', () => {
  it('holds every host-page selector as a list of parseable alternatives', () => {
    for (const [name, alternatives] of Object.entries(selectors)) {
      expect(alternatives.length, name).toBeGreaterThan(0);
      for (const alt of alternatives) {
        expect(() => document.createElement('div').querySelector(alt), `${name}: ${alt}`).not.toThrow();
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
