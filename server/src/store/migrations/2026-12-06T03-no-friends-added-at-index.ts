// Frozen: never edit a migration that has shipped; add a new one named by its date.
//
// Import speed (issue 17): the index on (account, friend-added instant) cost an import about a
// third of its time on `friends` (measured: 300,000 friends, 3.95 → 5.63 s of CPU with it; a
// random key, so every batch rewrites pages all over it), and no query needs it: the friends list
// and the samples sort by "unknown last, newest first", which neither engine reads from this index,
// and segment counts come from the columnar index. Only the SQL engine's date-range counts used it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('friends_added_at').ifExists().execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
