/**
 * The CSV rules a user can read about (DESIGN.md "Export"), as pure code shared by the sync API's
 * export and anything else that writes a spreadsheet:
 *
 *  - UTF-8 with a byte order mark first: Excel in Japan reads a CSV without one as Shift_JIS.
 *  - RFC 4180: fields separated by commas, records by CRLF; a field holding a comma, a double
 *    quote, CR or LF is enclosed in double quotes, its double quotes doubled (csv-stringify does
 *    the quoting; this module fixes its options).
 *  - Formula neutralisation: a cell that starts with `=`, `+`, `-` or `@` — or with a tab or CR,
 *    which some spreadsheets skip before looking for those — gets a leading `'`, so no
 *    spreadsheet runs it as a formula (OWASP "CSV injection").
 *  - A friend's tags are one cell, their names in name order joined by "; ".
 */
import { stringify } from 'csv-stringify/sync';

export const BOM = '\uFEFF';
export const RECORD_DELIMITER = '\r\n';
const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as written: prefixed with `'` when a spreadsheet would read it as a formula. */
export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** Records as RFC 4180 text (every record ends with CRLF), cells neutralised. */
export function csvRecords(records: readonly (readonly (string | number | null)[])[]): string {
  if (records.length === 0) return '';
  return stringify(records.map((r) => r.map((c) => (c === null ? '' : typeof c === 'number' ? String(c) : neutralise(c)))), {
    record_delimiter: 'windows', quote: '"', escape: '"', eof: true,
    // csv-stringify quotes a field holding its own record delimiter (CRLF) but not a lone LF or CR.
    quoted_match: /[\r\n]/,
  });
}

export const TAGS_SEPARATOR = '; ';
export const joinTags = (names: readonly string[]) => [...names].sort().join(TAGS_SEPARATOR);

/** The export's columns, in order. */
export const EXPORT_HEADER = [
  'lineUserId', 'displayName', 'addedAt', 'tags', 'pictureUrl', 'shopifyPurchaseCount', 'shopifyLastPurchaseAt',
] as const;

export interface ExportFriend {
  lineUserId: string; displayName: string; pictureUrl: string | null; addedAt: number | null;
  tags: readonly string[]; purchaseCount: number | null; lastPurchaseAt: number | null;
}

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

/** One friend's record in EXPORT_HEADER's order. */
export function exportRecord(f: ExportFriend): (string | number | null)[] {
  return [f.lineUserId, f.displayName, iso(f.addedAt), joinTags(f.tags), f.pictureUrl ?? '', f.purchaseCount, iso(f.lastPurchaseAt)];
}

export { exportFileName } from './file-name';
