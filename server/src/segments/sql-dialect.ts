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
  /**
   * How "the friend has rows in tags / lists / properties that match" is asked:
   *  - `in-subquery`: `f.id IN (SELECT friend_id …)`, uncorrelated. SQLite runs the subquery once
   *    into an ephemeral index and probes it per friend, inside OR as well — the fastest form it has.
   *  - `grouped-join`: one LEFT JOIN per source table, grouped per friend, with an aggregate per
   *    condition. PostgreSQL hash-joins it at any size; an IN (subquery) inside OR would be a
   *    "hashed SubPlan" only while it fits in work_mem, and a per-row rescan beyond that.
   */
  membership: 'in-subquery' | 'grouped-join';
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
  membership: 'in-subquery',
};

const postgres: SqlDialect = {
  // Not lower()/ILIKE: those fold "Ä", "Ｇ" and "İ" too, which the reference evaluator does not.
  foldAscii: (e) => sql<string>`translate(${e}, ${sql.lit(UPPER)}, ${sql.lit(LOWER)})`,
  position: (h, n) => sql<number>`strpos(${h}, ${n})`,
  inList: (e, values) => sql<boolean>`${e} = ANY(${[...values]}::text[])`,
  codeOrder: (e) => sql`${e} COLLATE "C"`,
  membership: 'grouped-join',
};

export function sqlDialect(dialect: Dialect): SqlDialect {
  return dialect === 'postgres' ? postgres : sqlite;
}
