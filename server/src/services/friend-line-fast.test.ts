import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fastFriendWrite } from './friend-line-fast';
import { checkFriendJson, parseFriendLine } from './friend-import';
import { benchFriend, ndjsonLine } from '../../../bench/generate';

// Mostly valid values (edges included), now and then an odd one: a line is often wholly valid,
// so the fast path is exercised, and often invalid or unusual in one place, so the fallback is.
const mostly = <T, U>(valid: fc.Arbitrary<T>, odd: fc.Arbitrary<U>) => fc.oneof({ weight: 25, arbitrary: valid }, { weight: 1, arbitrary: odd });
const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 });
const lineUserId = mostly(hex.map((h) => `U${h}`), fc.constantFrom('U123', `u${'a'.repeat(32)}`, `U${'A'.repeat(32)}`, `U${'a'.repeat(33)}`, 42, null));
const text = (max: number, min = 0) => mostly(
  fc.oneof({ weight: 8, arbitrary: fc.string({ minLength: Math.max(min, 0), maxLength: 12 }) }, fc.constantFrom('  pad  ', 'x'.repeat(max), ` ${'x'.repeat(max - 2)} `)),
  fc.constantFrom('', ' ', '\t', 'x'.repeat(max + 1), ` ${'x'.repeat(max)} `, 0, null, true, ['a'], {}),
);
const instant = mostly(
  fc.oneof({ weight: 8, arbitrary: fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()) },
    fc.constantFrom('2024-02-29T00:00:00Z', '2026-03-01T09:30:00+09:00', '2026-03-01T09:30:00.123456Z', null)),
  fc.constantFrom('2026-02-29T00:00:00Z', '2026-03-01T09:30Z', '2026-03-01T24:00:00Z', '2026-13-01T00:00:00Z', '2026-03-01 09:30:00Z', '2026-03-01', '', 0),
);
const list = <T>(item: fc.Arbitrary<T>, max: number) => mostly(
  fc.oneof({ weight: 8, arbitrary: fc.array(item, { maxLength: 4 }) }, fc.constant(Array.from({ length: max }, (_, i) => `v${i}`))),
  fc.constantFrom(Array.from({ length: max + 1 }, (_, i) => `v${i}`), null, 'a', {}),
);
const extra = mostly(fc.constant({}), fc.constantFrom({ unknown: 1 }, JSON.parse('{"__proto__":"x"}')));
const properties = mostly(
  fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), text(10_000), { maxKeys: 3 }),
  fc.constantFrom(null, [], 'x', { '': 'v' }, { ['k'.repeat(101)]: 'v' }, JSON.parse('{"__proto__":"x","a":"b"}'),
    Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`k${i}`, 'v'])), Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, 'v']))),
);
const shopify = fc.record({
  customerId: text(200, 1), tags: list(text(500, 1), 500),
  purchaseCount: mostly(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constantFrom(1_000_000_000, -0)), fc.constantFrom(-1, 1_000_000_001, 1.5, '3', null)),
  lastPurchaseAt: instant, abandonedCart: mostly(fc.boolean(), fc.constantFrom(0, 'false', null)),
}, { requiredKeys: [] });
const service = (idField: string) => fc.record({
  [idField]: text(200, 1), recordId: text(200, 1), lists: list(text(200, 1), 1000), properties,
}, { requiredKeys: [] });
const block = <T>(b: fc.Arbitrary<T>) => mostly(fc.oneof(fc.constant(null), fc.tuple(b, extra).map(([x, e]) => ({ ...x, ...e }))), fc.constantFrom([], 'x'));
const friendLine = fc.tuple(fc.record({
  lineUserId, displayName: text(200), pictureUrl: mostly(fc.constant(null), fc.constantFrom('https://example.com/a.png', 'ftp://x', 'not a url')),
  addedAt: instant, blockedAt: instant, tags: list(text(100), 500),
  shopify: block(shopify), hubspot: block(service('contactId')), klaviyo: block(service('profileId')),
}, { requiredKeys: ['lineUserId', 'displayName'] }), extra).map(([f, e]) => ({ ...f, ...e }));

describe('the fast check of a friend line', () => {
  it('agrees with the zod schema: what it accepts, the schema accepts the same, and errors stay the schema\'s', () => {
    let fast = 0;
    fc.assert(fc.property(friendLine, (json) => {
      const line = JSON.stringify(json);
      const reference = checkFriendJson(JSON.parse(line));
      const quick = fastFriendWrite(JSON.parse(line));
      if (quick) {
        fast++;
        expect(reference).toEqual({ ok: true, friend: quick });
      }
      expect(parseFriendLine(line)).toEqual(reference);
    }), { numRuns: 1000 });
    expect(fast).toBeGreaterThan(0);
  }, 120_000);

  it('takes the fast path for the benchmark\'s friends and makes of them exactly what the schema makes', () => {
    for (let i = 0; i < 2000; i++) {
      const line = ndjsonLine(benchFriend(i), i);
      const quick = fastFriendWrite(JSON.parse(line));
      expect(quick).toBeDefined();
      expect(checkFriendJson(JSON.parse(line))).toEqual({ ok: true, friend: quick });
    }
  });

  it('agrees with the schema at every limit of a rich friend, one change at a time', () => {
    const base = {
      lineUserId: `U${'b'.repeat(32)}`, displayName: 'Aoi', addedAt: '2026-03-01T09:30:00Z', tags: ['VIP'],
      shopify: { customerId: 'gid://shopify/Customer/7', tags: ['wholesale'], purchaseCount: 6, lastPurchaseAt: '2026-11-20T01:00:00Z', abandonedCart: false },
      hubspot: { contactId: '901', lists: ['12'], properties: { lifecyclestage: 'customer' } },
      klaviyo: { profileId: '01K', lists: [], properties: {} },
    };
    const many = (n: number, len = 1) => Array.from({ length: n }, (_, i) => `${i}`.padStart(len, 'x'));
    const props = (n: number) => Object.fromEntries(many(n).map((k) => [k, 'v']));
    const edits: [string, (f: any) => void][] = [
      ['displayName 200', (f) => { f.displayName = 'x'.repeat(200); }], ['displayName 201', (f) => { f.displayName = 'x'.repeat(201); }],
      ['tags 500', (f) => { f.tags = many(500); }], ['tags 501', (f) => { f.tags = many(501); }],
      ['tag 100 padded', (f) => { f.tags = [` ${'t'.repeat(100)} `]; }], ['tag 101', (f) => { f.tags = ['t'.repeat(101)]; }],
      ['customer tags 501', (f) => { f.shopify.tags = many(501); }], ['customer tag 501 long', (f) => { f.shopify.tags = ['t'.repeat(501)]; }],
      ['purchaseCount 1e9', (f) => { f.shopify.purchaseCount = 1e9; }], ['purchaseCount 1e9+1', (f) => { f.shopify.purchaseCount = 1e9 + 1; }],
      ['purchaseCount 2.5', (f) => { f.shopify.purchaseCount = 2.5; }], ['no customerId', (f) => { delete f.shopify.customerId; }],
      ['lists 1000', (f) => { f.hubspot.lists = many(1000); }], ['lists 1001', (f) => { f.hubspot.lists = many(1001); }],
      ['properties 500', (f) => { f.hubspot.properties = props(500); }], ['properties 501', (f) => { f.hubspot.properties = props(501); }],
      ['property key 101', (f) => { f.klaviyo.properties = { ['k'.repeat(101)]: 'v' }; }], ['property value 10001', (f) => { f.klaviyo.properties = { k: 'v'.repeat(10_001) }; }],
      ['property __proto__', (f) => { f.klaviyo.properties = JSON.parse('{"__proto__":"x"}'); }],
      ['recordId only', (f) => { f.hubspot = { recordId: '9', lists: [] }; }], ['no id', (f) => { f.klaviyo = { lists: [] }; }],
      ['contactId on Klaviyo', (f) => { f.klaviyo.contactId = '1'; }], ['addedAt with offset', (f) => { f.addedAt = '2026-03-01T09:30:00+09:00'; }],
      ['addedAt 29 Feb 2026', (f) => { f.addedAt = '2026-02-29T00:00:00Z'; }], ['blockedAt null', (f) => { f.blockedAt = null; }],
      ['pictureUrl', (f) => { f.pictureUrl = 'https://example.com/a.png'; }], ['pictureUrl null', (f) => { f.pictureUrl = null; }],
    ];
    let fast = 0;
    for (const [what, edit] of edits) {
      const f = structuredClone(base);
      edit(f);
      const line = JSON.stringify(f);
      const quick = fastFriendWrite(JSON.parse(line));
      if (quick) { fast++; expect(checkFriendJson(JSON.parse(line)), what).toEqual({ ok: true, friend: quick }); }
      expect(parseFriendLine(line), what).toEqual(checkFriendJson(JSON.parse(line)));
    }
    expect(fast).toBe(10); // each valid edit above but the picture URL
  });

  it('leaves invalid lines to the schema, whose messages name the field', () => {
    const uid = `U${'a'.repeat(32)}`;
    expect(parseFriendLine(JSON.stringify({ lineUserId: 'U123', displayName: 'A' })))
      .toEqual({ ok: false, error: 'lineUserId: A LINE user id is "U" followed by 32 lowercase hex digits.' });
    expect(parseFriendLine(JSON.stringify({ lineUserId: uid, displayName: 'A', shopify: { customerId: 'c', purchaseCount: -1 } })))
      .toEqual({ ok: false, error: 'shopify.purchaseCount: Enter 0 or more.' });
    expect(parseFriendLine(JSON.stringify({ lineUserId: uid, displayName: 'A', tags: ['  '] })))
      .toEqual({ ok: false, error: 'tags.0: Enter a tag name.' });
    expect(parseFriendLine(JSON.stringify({ lineUserId: uid, displayName: 'A', colour: 'red' })))
      .toEqual({ ok: false, error: 'colour: Unknown field "colour"; remove it.' });
  });
});
