/**
 * The segment compiler: a definition (lib/segment) → ONE parameterized SQL statement, the same text
 * for SQLite and PostgreSQL except for the few spots in ./sql-dialect.ts. It is held to the
 * reference evaluator (lib/segment/evaluate.ts) by ./differential.test.ts on both engines.
 *
 * Rules that keep it safe and exact:
 * - values only ever travel as parameters (Kysely's `sql` tag); identifiers come from this file,
 *   chosen by property id from the catalog — never from the definition;
 * - date and days conditions are ranges of epoch ms computed in TypeScript (./instant-ranges.ts);
 * - every condition is TRUE, FALSE or NULL where NULL means "no value" and is only ever combined
 *   with AND / OR; NOT is applied only to tests that are never NULL (NOT IN over non-null ids), so
 *   a missing value stays false for comparisons, as DESIGN.md says;
 * - a service's lists and properties count only while the friend holds that service's block
 *   (its shopify_customers / service_records row), as the evaluator reads them from the block.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from '../store/db';
import type { Condition, Definition } from '../../../lib/segment/schema';
import { foldAsciiCase } from '../../../lib/segment/evaluate';
import { sqlDialect, type SqlDialect } from './sql-dialect';
import { addedAtRange, daysSinceRange, type InstantRange } from './instant-ranges';

export interface CompileOptions {
  accountId: string;
  /** "Today" of the evaluation (epoch ms). */
  asOf: number;
  /** The account's IANA time zone. */
  timeZone: string;
  dialect: Dialect;
}

type Sql = RawBuilder<unknown>;
type Provider = 'shopify' | 'hubspot' | 'klaviyo';

interface Ctx extends CompileOptions { h: SqlDialect; providers: Set<Provider>; sources: Map<string, Source> }

// The LEFT JOINed block of each service (one row per friend at most: the tables' primary keys).
const BLOCK = {
  shopify: sql.raw('sc'),
  hubspot: sql.raw('hs'),
  klaviyo: sql.raw('kv'),
} as const;

const isSet = (p: Provider) => sql`${BLOCK[p]}.friend_id IS NOT NULL`;
const isUnset = (p: Provider) => sql`${BLOCK[p]}.friend_id IS NULL`;

function rangePredicate(column: Sql, r: InstantRange): Sql {
  const hasFrom = Number.isFinite(r.from), hasTo = Number.isFinite(r.to);
  if (r.outside) {
    // A value that lies outside [from, to): `neq` on days. NULL stays NULL, i.e. false.
    const parts = [hasFrom ? sql`${column} < ${r.from}` : null, hasTo ? sql`${column} >= ${r.to}` : null]
      .filter((p): p is Sql => p !== null);
    return parts.length === 0 ? sql`1 = 0` : sql`(${sql.join(parts, sql` OR `)})`;
  }
  const parts = [hasFrom ? sql`${column} >= ${r.from}` : null, hasTo ? sql`${column} < ${r.to}` : null]
    .filter((p): p is Sql => p !== null);
  // Unbounded on both sides cannot come from a valid definition; still, "has a value".
  return parts.length === 0 ? sql`${column} IS NOT NULL` : sql`(${sql.join(parts, sql` AND `)})`;
}

function numberPredicate(column: Sql, operator: string, value: unknown): Sql {
  switch (operator) {
    case 'eq': return sql`${column} = ${value as number}`;
    case 'neq': return sql`${column} <> ${value as number}`;
    case 'gt': return sql`${column} > ${value as number}`;
    case 'gte': return sql`${column} >= ${value as number}`;
    case 'lt': return sql`${column} < ${value as number}`;
    case 'lte': return sql`${column} <= ${value as number}`;
    case 'between': {
      const [min, max] = value as [number, number];
      return sql`(${column} >= ${min} AND ${column} <= ${max})`;
    }
    default: throw new Error(`Unsupported number condition "${operator}".`);
  }
}

/**
 * Multi-valued data (tags, customer tags, list memberships, properties): a condition asks whether
 * the friend has rows in a source table that match a filter — any such row, exactly `n` of them,
 * or none. How that is asked is the dialect's `membership` strategy (./sql-dialect.ts):
 *  - `in-subquery`: `f.id [NOT] IN (SELECT friend_id FROM … WHERE filter
 *    [GROUP BY … HAVING count(*) = n])`, uncorrelated;
 *  - `grouped-join`: ONE grouped LEFT JOIN per source table, each condition adding an aggregate
 *    column (one row per friend) that it compares — at most seven joins whatever the number of
 *    conditions (SQLite allows 64 tables in a join).
 * Neither runs a correlated subquery per friend.
 */
interface Source {
  alias: string;
  table: 'friend_tags' | 'shopify_customer_tags' | 'service_list_members' | 'service_properties';
  /** The column a condition selects rows by (the tag, the list, the property key). */
  column: 'tag_id' | 'tag' | 'list_id' | 'key';
  provider?: 'hubspot' | 'klaviyo';
  /** grouped-join: every value of `column` the conditions look at; the derived table reads only those rows. */
  values: Set<string>;
  aggregates: Sql[];
}

const SOURCES = {
  'tag': { alias: 'ft', table: 'friend_tags', column: 'tag_id' },
  'shopify.customer_tag': { alias: 'st', table: 'shopify_customer_tags', column: 'tag' },
  'hubspot.list': { alias: 'hl', table: 'service_list_members', column: 'list_id', provider: 'hubspot' },
  'klaviyo.list': { alias: 'kl', table: 'service_list_members', column: 'list_id', provider: 'klaviyo' },
  'hubspot.property': { alias: 'hp', table: 'service_properties', column: 'key', provider: 'hubspot' },
  'klaviyo.property': { alias: 'kp', table: 'service_properties', column: 'key', provider: 'klaviyo' },
} as const satisfies Record<string, Omit<Source, 'values' | 'aggregates'>>;
type SourceId = keyof typeof SOURCES;

/** What a condition asks of the friend's rows in a source: `filter` over the rows `m`, narrowed to `values` of the source's column. */
interface RowsQuestion { source: SourceId; values: readonly string[]; filter: Sql }

/** grouped-join: adds an aggregate over the source's rows of one friend; returns the reference to compare. */
function aggregate(ctx: Ctx, q: RowsQuestion, agg: Sql): Sql {
  let src = ctx.sources.get(q.source);
  if (!src) {
    src = { ...SOURCES[q.source], values: new Set(), aggregates: [] };
    ctx.sources.set(q.source, src);
  }
  for (const v of q.values) src.values.add(v);
  const name = `a${src.aggregates.length}`;
  src.aggregates.push(sql`${agg} AS ${sql.ref(name)}`);
  return sql.ref(`${src.alias}.${name}`);
}

function sourceJoin(ctx: Ctx, src: Source): Sql {
  return sql`LEFT JOIN (SELECT m.friend_id, ${sql.join(src.aggregates, sql`, `)}
      FROM ${sql.table(src.table)} m
      WHERE m.account_id = ${ctx.accountId}${src.provider ? sql` AND m.provider = ${src.provider}` : sql``}
      AND ${ctx.h.inList(sql.ref(`m.${src.column}`), [...src.values])}
      GROUP BY m.friend_id) ${sql.raw(src.alias)} ON ${sql.ref(`${src.alias}.friend_id`)} = f.id`;
}

/** in-subquery: the ids of friends with rows answering `q` (exactly `count` of them, when given). */
function holders(ctx: Ctx, q: RowsQuestion, count?: number): Sql {
  const src = SOURCES[q.source];
  return sql`(SELECT m.friend_id FROM ${sql.table(src.table)} m
    WHERE m.account_id = ${ctx.accountId}${'provider' in src ? sql` AND m.provider = ${src.provider}` : sql``}
    AND ${q.filter}${count === undefined ? sql`` : sql` GROUP BY m.friend_id HAVING count(*) = ${count}`})`;
}

/** The friend has at least one row answering `q`. */
function anyRow(ctx: Ctx, q: RowsQuestion): Sql {
  return ctx.h.membership === 'in-subquery'
    ? sql`f.id IN ${holders(ctx, q)}`
    : sql`${aggregate(ctx, q, sql`max(CASE WHEN ${q.filter} THEN 1 ELSE 0 END)`)} = 1`;
}
/** The friend has no row answering `q` (also when it has no rows at all). */
function noRow(ctx: Ctx, q: RowsQuestion): Sql {
  return ctx.h.membership === 'in-subquery'
    ? sql`f.id NOT IN ${holders(ctx, q)}` // friend_id is NOT NULL: NOT IN is safe
    : sql`COALESCE(${aggregate(ctx, q, sql`max(CASE WHEN ${q.filter} THEN 1 ELSE 0 END)`)}, 0) = 0`;
}
/** The friend has exactly `n` rows answering `q`. Primary keys make each (friend, value) row unique. */
function rowsExactly(ctx: Ctx, q: RowsQuestion, n: number): Sql {
  return ctx.h.membership === 'in-subquery'
    ? sql`f.id IN ${holders(ctx, q, n)}`
    : sql`${aggregate(ctx, q, sql`sum(CASE WHEN ${q.filter} THEN 1 ELSE 0 END)`)} = ${n}`;
}

function setPredicate(ctx: Ctx, property: 'tag' | 'shopify.customer_tag' | 'hubspot.list' | 'klaviyo.list', operator: string, value: unknown): Sql {
  const wanted = [...new Set(Array.isArray(value) ? (value as string[]) : [])];
  const block: Provider | null = property === 'tag' ? null : property === 'shopify.customer_tag' ? 'shopify' : property === 'hubspot.list' ? 'hubspot' : 'klaviyo';
  if (block) ctx.providers.add(block);
  const q: RowsQuestion = { source: property, values: wanted, filter: ctx.h.inList(sql.ref(`m.${SOURCES[property].column}`), wanted) };
  // A set counts only while the friend holds the service's block (the evaluator reads it from there).
  const held = (p: Sql) => (block ? sql`(${isSet(block)} AND ${p})` : p);
  switch (operator) {
    case 'contains_any': return held(anyRow(ctx, q));
    case 'contains_all': return wanted.length === 0 ? sql`1 = 0` : held(rowsExactly(ctx, q, wanted.length));
    // A missing set is empty: contains_none holds for a friend without the block or without rows.
    case 'contains_none': return block ? sql`(${isUnset(block)} OR ${noRow(ctx, q)})` : noRow(ctx, q);
    default: throw new Error(`Unsupported set condition "${operator}".`);
  }
}

function textPredicate(ctx: Ctx, property: 'hubspot.property' | 'klaviyo.property', c: Condition): Sql {
  const provider = property === 'hubspot.property' ? 'hubspot' : 'klaviyo';
  ctx.providers.add(provider);
  const key = c.key ?? '';
  const value = typeof c.value === 'string' ? c.value : '';
  const v = sql.ref('m.value');
  // (friend, key) is unique: "the friend's value of `key` matches" is "a row of `key` matches".
  const q = (match: Sql | null): RowsQuestion => ({ source: property, values: [key], filter: sql`m.key = ${key}${match ? sql` AND ${match}` : sql``}` });
  const held = (match: Sql | null) => sql`(${isSet(provider)} AND ${anyRow(ctx, q(match))})`;
  const found = (needle: string) => ctx.h.position(ctx.h.foldAscii(v), foldAsciiCase(needle));
  switch (c.operator) {
    case 'is_set': return held(null);
    case 'is_not_set': return sql`(${isUnset(provider)} OR ${noRow(ctx, q(null))})`;
    case 'eq': return held(sql`${v} = ${value}`);
    case 'neq': return held(sql`${v} <> ${value}`);
    case 'contains': return held(sql`${found(value)} > 0`);
    case 'not_contains': return held(sql`${found(value)} = 0`);
    case 'starts_with': return held(sql`${found(value)} = 1`);
    default: throw new Error(`Unsupported text condition "${c.operator}".`);
  }
}

function conditionPredicate(ctx: Ctx, c: Condition): Sql {
  const { operator, value } = c;
  switch (c.property) {
    case 'line.friend_added_at':
      if (operator === 'is_set') return sql`f.added_at IS NOT NULL`;
      if (operator === 'is_not_set') return sql`f.added_at IS NULL`;
      return rangePredicate(sql.ref('f.added_at'), addedAtRange(c, ctx));
    case 'tag': case 'shopify.customer_tag': case 'hubspot.list': case 'klaviyo.list':
      return setPredicate(ctx, c.property, operator, value);
    case 'shopify.integrated': case 'hubspot.integrated': case 'klaviyo.integrated': {
      const p = c.property.split('.')[0] as Provider;
      ctx.providers.add(p);
      if (operator === 'is_integrated') return isSet(p);
      if (operator === 'is_not_integrated') return isUnset(p);
      break;
    }
    case 'shopify.purchase_count':
      // NULL (not integrated) compares to nothing; an integrated customer without orders has 0.
      ctx.providers.add('shopify');
      return numberPredicate(sql.ref('sc.purchase_count'), operator, value);
    case 'shopify.days_since_last_purchase':
      ctx.providers.add('shopify');
      if (operator === 'is_set') return sql`sc.last_purchase_at IS NOT NULL`;
      if (operator === 'is_not_set') return sql`sc.last_purchase_at IS NULL`;
      return rangePredicate(sql.ref('sc.last_purchase_at'), daysSinceRange(c, ctx));
    case 'shopify.abandoned_cart':
      ctx.providers.add('shopify');
      if (operator === 'is_true') return sql`sc.abandoned_cart = 1`;
      if (operator === 'is_false') return sql`sc.abandoned_cart = 0`;
      break;
    case 'hubspot.property': case 'klaviyo.property':
      return textPredicate(ctx, c.property, c);
  }
  throw new Error(`Unsupported condition ${c.property} ${operator}.`);
}

/** A group of conditions: their conjunction. An empty group is TRUE (diagnose's "everyone"). */
function groupPredicate(ctx: Ctx, conditions: readonly Condition[]): Sql {
  if (conditions.length === 0) return sql`1 = 1`;
  return sql`(${sql.join(conditions.map((c) => conditionPredicate(ctx, c)), sql` AND `)})`;
}

/** OR of groups; no group at all is FALSE. */
function definitionPredicate(ctx: Ctx, groups: readonly (readonly Condition[])[]): Sql {
  if (groups.length === 0) return sql`1 = 0`;
  return sql`(${sql.join(groups.map((g) => groupPredicate(ctx, g)), sql` OR `)})`;
}

function context(opts: CompileOptions): Ctx {
  return { ...opts, h: sqlDialect(opts.dialect), providers: new Set(), sources: new Map() };
}

/** Unblocked friends of the account, with the service blocks the predicates use LEFT JOINed. */
function unblockedFriends(ctx: Ctx): Sql {
  const joins: Sql[] = [];
  if (ctx.providers.has('shopify')) {
    joins.push(sql`LEFT JOIN shopify_customers sc ON sc.account_id = f.account_id AND sc.friend_id = f.id`);
  }
  for (const p of ['hubspot', 'klaviyo'] as const) {
    if (ctx.providers.has(p)) {
      joins.push(sql`LEFT JOIN service_records ${BLOCK[p]} ON ${BLOCK[p]}.account_id = f.account_id
        AND ${BLOCK[p]}.provider = ${p} AND ${BLOCK[p]}.friend_id = f.id`);
    }
  }
  for (const src of ctx.sources.values()) joins.push(sourceJoin(ctx, src));
  return sql`FROM friends f ${sql.join(joins, sql` `)}
    WHERE f.account_id = ${ctx.accountId} AND f.blocked_at IS NULL`;
}

function sampleOrder(ctx: Ctx, alias: string): Sql {
  return sql`${sql.ref(`${alias}.added_at`)} DESC NULLS LAST, ${ctx.h.codeOrder(sql.ref(`${alias}.line_user_id`))} ASC`;
}

export interface CountRow {
  total: number | string;
  line_user_id: string | null;
  display_name: string | null;
  picture_url: string | null;
  added_at: number | string | null;
}

/**
 * The count and the sample (the first `sampleLimit` members in DESIGN.md's order: most recently
 * added first, unknown addedAt last, ties by lineUserId) in one statement. Answers at least one
 * row: the count with a NULL friend when nobody matches.
 */
export function compileCount(definition: Definition, opts: CompileOptions & { sampleLimit: number }): RawBuilder<CountRow> {
  const ctx = context(opts);
  const where = definitionPredicate(ctx, definition.groups.map((g) => g.conditions));
  const limit = Math.max(0, Math.floor(opts.sampleLimit));
  // MATERIALIZED: the predicate runs once for the count and the sample (measured faster on both).
  return sql<CountRow>`WITH members AS MATERIALIZED (
      SELECT f.line_user_id, f.display_name, f.picture_url, f.added_at ${unblockedFriends(ctx)} AND ${where}
    )
    SELECT c.total, s.line_user_id, s.display_name, s.picture_url, s.added_at
    FROM (SELECT count(*) AS total FROM members) c
    LEFT JOIN (SELECT * FROM members m ORDER BY ${sampleOrder(ctx, 'm')} LIMIT ${limit}) s ON 1 = 1
    ORDER BY ${sampleOrder(ctx, 's')}`;
}

/** Every member's friend id (the compact key) and line user id, in no particular order: for snapshots, tests and exports. */
export function compileMembers(definition: Definition, opts: CompileOptions): RawBuilder<{ friend_id: number; line_user_id: string }> {
  const ctx = context(opts);
  const where = definitionPredicate(ctx, definition.groups.map((g) => g.conditions));
  return sql<{ friend_id: number; line_user_id: string }>`SELECT f.id AS friend_id, f.line_user_id ${unblockedFriends(ctx)} AND ${where}`;
}

/**
 * Several counts over the same friends in one scan. `conditions` are evaluated once per friend
 * (as 0/1 columns); each formula is an OR of ANDs of indices into `conditions`:
 * `[]` counts nobody, `[[]]` counts every unblocked friend.
 */
export function compileCounts(
  conditions: readonly Condition[], formulas: readonly (readonly (readonly number[])[])[], opts: CompileOptions,
): RawBuilder<Record<string, number | string | null>> {
  const ctx = context(opts);
  const columns = conditions.map((c, i) =>
    sql`CASE WHEN ${conditionPredicate(ctx, c)} THEN 1 ELSE 0 END AS ${sql.ref(`c${i}`)}`);
  const flag = (i: number) => sql`${sql.ref(`d.c${i}`)} = 1`;
  const formula = (dnf: readonly (readonly number[])[]) => {
    if (dnf.length === 0) return sql`1 = 0`;
    return sql.join(dnf.map((conj) => (conj.length === 0 ? sql`1 = 1` : sql`(${sql.join(conj.map(flag), sql` AND `)})`)), sql` OR `);
  };
  const sums = formulas.map((dnf, k) =>
    sql`COALESCE(sum(CASE WHEN ${formula(dnf)} THEN 1 ELSE 0 END), 0) AS ${sql.ref(`n${k}`)}`);
  return sql`SELECT ${sql.join(sums, sql`, `)}
    FROM (SELECT ${columns.length ? sql.join(columns, sql`, `) : sql`1 AS c`} ${unblockedFriends(ctx)}) d`;
}
