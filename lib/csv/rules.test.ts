/** The CSV rules, held by properties: whatever the cells, the text parses back to them, neutralised. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { BOM, csvRecords, EXPORT_HEADER, exportFileName, exportRecord, joinTags, neutralise } from './rules';

const cell = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', '=', '+', '-', '@', '\t', ' ', 'あ', '😀') }),
);

describe('neutralise', () => {
  it('prefixes exactly the cells a spreadsheet would run', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const out = neutralise(s);
      if (/^[=+\-@\t\r]/.test(s)) expect(out).toBe(`'${s}`);
      else expect(out).toBe(s);
    }));
    expect(neutralise('=HYPERLINK("http://x","y")')).toBe('\'=HYPERLINK("http://x","y")');
    expect(neutralise('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralise('Aoi')).toBe('Aoi');
  });
});

describe('csvRecords', () => {
  it('parses back (RFC 4180, csv-parse) to the neutralised cells, one record per row', () => {
    fc.assert(fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }), (rows) => {
      const text = csvRecords(rows);
      expect(text.endsWith('\r\n')).toBe(true);
      const back = parse(text, { relax_column_count: true }) as string[][];
      expect(back).toEqual(rows.map((r) => r.map(neutralise)));
    }), { numRuns: 300 });
  });
  it('quotes commas, quotes and newlines, and only those', () => {
    expect(csvRecords([['a,b', 'say "hi"', 'two\nlines', 'plain']])).toBe('"a,b","say ""hi""","two\nlines",plain\r\n');
    expect(csvRecords([['x', null, 3]])).toBe('x,,3\r\n');
  });
});

describe('export records', () => {
  it('follow the header, tags joined in name order, instants in ISO', () => {
    expect(EXPORT_HEADER.slice(0, 4)).toEqual(['lineUserId', 'displayName', 'addedAt', 'tags']);
    const rec = exportRecord({ lineUserId: 'U1', displayName: '=1+1', pictureUrl: null, addedAt: Date.UTC(2026, 2, 1),
      tags: ['VIP', 'Repeat'], purchaseCount: 3, lastPurchaseAt: null });
    expect(rec).toEqual(['U1', '=1+1', '2026-03-01T00:00:00.000Z', 'Repeat; VIP', '', 3, '']);
    expect(csvRecords([rec])).toBe("U1,'=1+1,2026-03-01T00:00:00.000Z,Repeat; VIP,,3,\r\n");
    expect(joinTags([])).toBe('');
    expect(BOM).toBe('\uFEFF');
  });
  it('names the file by segment and date, without characters a file system refuses', () => {
    expect(exportFileName('Repeat buyers', new Date('2026-12-06T05:00:00Z'))).toBe('Repeat buyers 2026-12-06.csv');
    expect(exportFileName('a/b:c*?', new Date('2026-12-06T05:00:00Z'))).toBe('a_b_c__ 2026-12-06.csv');
    fc.assert(fc.property(fc.string(), (name) => {
      expect(exportFileName(name, new Date(0))).not.toMatch(/[\\/:*?"<>|\u0000-\u001f]/);
    }));
  });
});
