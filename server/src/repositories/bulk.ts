/**
 * Multi-row INSERT and DELETE … IN for the bulk writers (friend import, syncs, demo data).
 * Kysely's builder costs more per row than the database does at these volumes, so the SQL text
 * is built here once per shape and cached, and values are always bound as parameters — never
 * concatenated. Chunks keep under both engines' bind-parameter limits (SQLite 32,766; PostgreSQL
 * 65,535).
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Dialect } from '../store/db';

const MAX_PARAMS = 30_000;
const cache = new Map<string, string>();

type Value = string | number | null;

function placeholders(dialect: Dialect, rows: number, cols: number, offset = 0): string {
  const out: string[] = [];
  let n = offset;
  for (let r = 0; r < rows; r++) {
    const p: string[] = [];
    for (let c = 0; c < cols; c++) p.push(dialect === 'postgres' ? `$${++n}` : '?');
    out.push(`(${p.join(',')})`);
  }
  return out.join(',');
}

/**
 * INSERT INTO table (cols) VALUES (…),(…) [suffix], in as many statements as the parameter limit
 * needs. `suffix` is fixed SQL (an ON CONFLICT clause), never data.
 */
export async function insertRows(db: Kysely<any>, dialect: Dialect, table: string, cols: readonly string[], rows: Value[][], suffix = ''): Promise<void> {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(MAX_PARAMS / cols.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const key = `${dialect}|${table}|${cols.join(',')}|${chunk.length}|${suffix}`;
    let text = cache.get(key);
    if (!text) {
      text = `insert into ${table} (${cols.join(',')}) values ${placeholders(dialect, chunk.length, cols.length)}${suffix ? ' ' + suffix : ''}`;
      if (cache.size > 500) cache.clear();
      cache.set(key, text);
    }
    const params: Value[] = new Array(chunk.length * cols.length);
    let k = 0;
    for (const row of chunk) for (const v of row) params[k++] = v;
    await db.executeQuery(CompiledQuery.raw(text, params));
  }
}

/**
 * DELETE FROM table WHERE <fixed equalities> AND column IN (…ids), chunked.
 * `where` holds column → value pairs bound as parameters.
 */
export async function deleteIn(db: Kysely<any>, dialect: Dialect, table: string, where: Record<string, Value>, column: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const fixed = Object.entries(where);
  const per = MAX_PARAMS - fixed.length;
  let deleted = 0;
  for (let i = 0; i < ids.length; i += per) {
    const chunk = ids.slice(i, i + per);
    let n = 0;
    const ph = () => (dialect === 'postgres' ? `$${++n}` : '?');
    const conds = fixed.map(([c]) => `${c} = ${ph()}`);
    const list = chunk.map(() => ph()).join(',');
    const text = `delete from ${table} where ${[...conds, `${column} in (${list})`].join(' and ')}`;
    const r = await db.executeQuery(CompiledQuery.raw(text, [...fixed.map(([, v]) => v), ...chunk]));
    deleted += Number(r.numAffectedRows ?? 0);
  }
  return deleted;
}
