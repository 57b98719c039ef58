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
 *   with AND / OR (never NOT), so a missing value is false for comparisons, as DESIGN.md says;
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

interface Ctx extends CompileOptions { h: SqlDialect; providers: Set<Provider> }

// The LEFT JOINed block of each service (one row per friend at most: the tables' primary keys).
const BLOCK = {
  shopify: sql.raw('sc'),
  hubspot: sql.raw('hs'),
  klaviyo: sql.raw('kv'),
} as const;

const isSet = (p: Provider) => sql`${BLOCK[p]}.line_user_id IS NOT NULL`;
const isUnset = (p: Provider) => sql`${BLOCK[p]}.line_user_id IS NULL`;

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

/** A multi-valued property stored one row per value: tags, customer tags, list memberships. */
interface SetSource {
  table: 'friend_tags' | 'shopify_customer_tags' | 'service_list_members';
  column: 'tag_id' | 'tag' | 'list_id';
  provider?: 'hubspot' | 'klaviyo';
  /** The service whose block must be present for the set to count (none for LINE tags). */
  block?: Provider;
}

function setPredicate(ctx: Ctx, src: SetSource, operator: string, value: unknown): Sql {
  const wanted = [...new Set(Array.isArray(value) ? (value as string[]) : [])];
  const rows = (extra: Sql) => sql`FROM ${sql.table(src.table)} m
    WHERE m.account_id = f.account_id AND m.line_user_id = f.line_user_id
    ${src.provider ? sql`AND m.provider = ${src.provider}` : sql``}
    AND ${ctx.h.inList(sql.ref(`m.${src.column}`), wanted)}${extra}`;
  const any = sql`EXISTS (SELECT 1 ${rows(sql``)})`;
  const held = (p: Sql) => (src.block ? sql`(${isSet(src.block)} AND ${p})` : p);
  switch (operator) {
    case 'contains_any': return held(any);
    // Primary keys make each (friend, value) row unique, so count(*) counts distinct values.
    case 'contains_all': return wanted.length === 0 ? sql`1 = 0` : held(sql`(SELECT count(*) ${rows(sql``)}) = ${wanted.length}`);
    // A missing set is empty: contains_none is true for a friend without the block.
    case 'contains_none': return src.block ? sql`(${isUnset(src.block)} OR NOT ${any})` : sql`NOT ${any}`;
    default: throw new Error(`Unsupported set condition "${operator}".`);
  }
}

function textPredicate(ctx: Ctx, provider: 'hubspot' | 'klaviyo', c: Condition): Sql {
  const key = c.key ?? '';
  const value = typeof c.value === 'string' ? c.value : '';
  const v = sql.ref('p.value');
  const propertyRow = (match: Sql | null) => sql`EXISTS (SELECT 1 FROM service_properties p
    WHERE p.account_id = f.account_id AND p.provider = ${provider} AND p.line_user_id = f.line_user_id
    AND p.key = ${key}${match ? sql` AND ${match}` : sql``})`;
  const held = (p: Sql) => sql`(${isSet(provider)} AND ${p})`;
  const found = (needle: string) => ctx.h.position(ctx.h.foldAscii(v), foldAsciiCase(needle));
  switch (c.operator) {
    case 'is_set': return held(propertyRow(null));
    case 'is_not_set': return sql`(${isUnset(provider)} OR NOT ${propertyRow(null)})`;
    case 'eq': return held(propertyRow(sql`${v} = ${value}`));
    case 'neq': return held(propertyRow(sql`${v} <> ${value}`));
    case 'contains': return held(propertyRow(sql`${found(value)} > 0`));
    case 'not_contains': return held(propertyRow(sql`${found(value)} = 0`));
    case 'starts_with': return held(propertyRow(sql`${found(value)} = 1`));
    default: throw new Error(`Unsupported text condition "${c.operator}".`);
  }
}

function conditionPredicate(ctx: Ctx, c: Condition): Sql {
  const { operator, value } = c;
  switch (c.property) {
    case 'line.friend_added_at':
      return rangePredicate(sql.ref('f.added_at'), addedAtRange(c, ctx));
    case 'tag':
      return setPredicate(ctx, { table: 'friend_tags', column: 'tag_id' }, operator, value);
    case 'shopify.integrated': case 'hubspot.integrated': case 'klaviyo.integrated': {
      const p = c.property.split('.')[0] as Provider;
      ctx.providers.add(p);
      if (operator === 'is_integrated') return isSet(p);
      if (operator === 'is_not_integrated') return isUnset(p);
      break;
    }
    case 'shopify.customer_tag':
      ctx.providers.add('shopify');
      return setPredicate(ctx, { table: 'shopify_customer_tags', column: 'tag', block: 'shopify' }, operator, value);
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
    case 'hubspot.list': case 'klaviyo.list': {
      const p = c.property === 'hubspot.list' ? 'hubspot' : 'klaviyo';
      ctx.providers.add(p);
      return setPredicate(ctx, { table: 'service_list_members', column: 'list_id', provider: p, block: p }, operator, value);
    }
    case 'hubspot.property': case 'klaviyo.property': {
      const p = c.property === 'hubspot.property' ? 'hubspot' : 'klaviyo';
      ctx.providers.add(p);
      return textPredicate(ctx, p, c);
    }
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
  return { ...opts, h: sqlDialect(opts.dialect), providers: new Set() };
}

/** Unblocked friends of the account, with the service blocks the predicates use LEFT JOINed. */
function unblockedFriends(ctx: Ctx): Sql {
  const joins: Sql[] = [];
  if (ctx.providers.has('shopify')) {
    joins.push(sql`LEFT JOIN shopify_customers sc ON sc.account_id = f.account_id AND sc.line_user_id = f.line_user_id`);
  }
  for (const p of ['hubspot', 'klaviyo'] as const) {
    if (ctx.providers.has(p)) {
      joins.push(sql`LEFT JOIN service_records ${BLOCK[p]} ON ${BLOCK[p]}.account_id = f.account_id
        AND ${BLOCK[p]}.provider = ${p} AND ${BLOCK[p]}.line_user_id = f.line_user_id`);
    }
  }
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
  return sql<CountRow>`WITH members AS (
      SELECT f.line_user_id, f.display_name, f.picture_url, f.added_at ${unblockedFriends(ctx)} AND ${where}
    )
    SELECT c.total, s.line_user_id, s.display_name, s.picture_url, s.added_at
    FROM (SELECT count(*) AS total FROM members) c
    LEFT JOIN (SELECT * FROM members m ORDER BY ${sampleOrder(ctx, 'm')} LIMIT ${limit}) s ON 1 = 1
    ORDER BY ${sampleOrder(ctx, 's')}`;
}

/** Every member's line user id, in no particular order: for tests and exports. */
export function compileMembers(definition: Definition, opts: CompileOptions): RawBuilder<{ line_user_id: string }> {
  const ctx = context(opts);
  const where = definitionPredicate(ctx, definition.groups.map((g) => g.conditions));
  return sql<{ line_user_id: string }>`SELECT f.line_user_id ${unblockedFriends(ctx)} AND ${where}`;
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
