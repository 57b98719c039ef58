/**
 * A unique key the store refused, read from either engine's error. A service checks a name or an
 * id before writing it, but two requests can both pass that check at the same instant; the key
 * then stops the second one, and that is the caller's conflict to resolve (409), not a bug (500).
 */
export interface UniqueViolation {
  table: string | undefined;
  /** The key's columns as the store names them, e.g. ["account_id", "name"]. */
  columns: string[];
}

export function uniqueViolation(err: unknown): UniqueViolation | null {
  if (!(err instanceof Error)) return null;
  const code = (err as { code?: unknown }).code;
  if (code === '23505') {
    // PostgreSQL: `detail` is "Key (account_id, name)=(…) already exists."; only the column
    // names are kept, never the values (an email, a token hash).
    const { table, detail } = err as { table?: string; detail?: string };
    const columns = /^Key \(([^)]*)\)=/.exec(detail ?? '')?.[1].split(',').map((c) => c.trim()) ?? [];
    return { table, columns };
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    // SQLite: "UNIQUE constraint failed: tags.account_id, tags.name".
    const qualified = /constraint failed: (.+)$/.exec(err.message)?.[1].split(',').map((c) => c.trim()) ?? [];
    return { table: qualified[0]?.split('.')[0], columns: qualified.map((c) => c.split('.').pop()!) };
  }
  return null;
}

/**
 * PostgreSQL ended this transaction to let a concurrent one through: it chose it as a deadlock's
 * victim (40P01) or could not serialise it (40001). It was rolled back whole, so the caller may
 * simply try again. SQLite runs one write transaction at a time and never answers this.
 */
export function lostToConcurrentTransaction(err: unknown): boolean {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return code === '40P01' || code === '40001';
}

/**
 * The field a caller would name for the key: its one column besides the account (every key has
 * the account first), in the API's camelCase — "name", "email", "idempotencyKey". A key of
 * several columns (a friend and a tag) is no single field: undefined.
 */
export function duplicateField(v: UniqueViolation): string | undefined {
  const own = v.columns.filter((c) => c !== 'account_id');
  return own.length === 1 ? own[0].replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()) : undefined;
}
