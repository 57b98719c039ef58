/**
 * The only place where the segment compiler's SQL differs between SQLite and PostgreSQL.
 * Everything else is one text for both engines, parameterized through Kysely's `sql` tag.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from '../store/db';

export interface SqlDialect {
  /** Folds ASCII A–Z to a–z and leaves every other character alone (DESIGN.md: text operators). */
  foldAscii(expr: RawBuilder<unknown>): RawBuilder<string>;
  /** 1-based position of `needle` in `haystack`, 0 when absent. No LIKE, so `%` and `_` are plain characters. */
  position(haystack: RawBuilder<unknown>, needle: string): RawBuilder<number>;
  /** `expr` is one of `values`, with the whole list bound as ONE parameter (no limit on list length). */
  inList(expr: RawBuilder<unknown>, values: readonly string[]): RawBuilder<boolean>;
  /** A text column in JavaScript's string order (code units), for the sample's tie-break. */
  codeOrder(expr: RawBuilder<unknown>): RawBuilder<unknown>;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

const sqlite: SqlDialect = {
  // SQLite's lower() folds ASCII only unless built with ICU; better-sqlite3 is built without it.
  foldAscii: (e) => sql<string>`lower(${e})`,
  position: (h, n) => sql<number>`instr(${h}, ${n})`,
  inList: (e, values) => sql<boolean>`${e} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`,
  // BINARY collation compares UTF-8 bytes, i.e. code points; line user ids are ASCII.
  codeOrder: (e) => e,
};

const postgres: SqlDialect = {
  // Not lower()/ILIKE: those fold "Ä", "Ｇ" and "İ" too, which the reference evaluator does not.
  foldAscii: (e) => sql<string>`translate(${e}, ${sql.lit(UPPER)}, ${sql.lit(LOWER)})`,
  position: (h, n) => sql<number>`strpos(${h}, ${n})`,
  inList: (e, values) => sql<boolean>`${e} = ANY(${[...values]}::text[])`,
  codeOrder: (e) => sql`${e} COLLATE "C"`,
};

export function sqlDialect(dialect: Dialect): SqlDialect {
  return dialect === 'postgres' ? postgres : sqlite;
}
