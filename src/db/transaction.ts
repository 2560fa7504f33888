import type { Db } from './client.js';

const versions = new WeakMap<Db, () => string>();
const totalChanges = new WeakMap<Db, () => number>();
const discounts = new WeakMap<Db, number>();

/**
 * Runs `work` in one IMMEDIATE transaction: the write lock is taken at BEGIN, so two processes on
 * one file queue on busy_timeout instead of failing to upgrade a read lock. better-sqlite3 is
 * synchronous and has one connection, so every statement `work` runs on `db` is part of it; `work`
 * must stay synchronous (an async callback would commit before it finished).
 */
export function inTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(() => work(), { behavior: 'immediate' });
}

/**
 * Changes whenever the database content may have changed: on every row this connection inserts,
 * updates or deletes (SQLite's `total_changes()`, which also counts changes later rolled back — a
 * needless invalidation is harmless, a missed one is not), and on every commit by another
 * connection to the file (`data_version`). A transaction that writes nothing — a queue poll that
 * found no due work — changes neither, so it does not empty the caches built on this.
 */
export function contentVersion(db: Db): string {
  let read = versions.get(db);
  if (read === undefined) {
    // Prepared once: `db.pragma()` compiles the statement on every call, and this runs per request.
    // Two statements: the pragma as a table-valued function in one SELECT cost ~60 % more.
    const changes = changesOf(db);
    const dataVersion = db.$client.prepare('PRAGMA data_version').pluck();
    read = () => `${String(changes() - (discounts.get(db) ?? 0))}:${String(dataVersion.get())}`;
    versions.set(db, read);
  }
  return read();
}

/**
 * `inTransaction` for writes that keep every answer the same (the search index merging its own
 * segments): the rows they change are left out of `contentVersion`, so they empty no cache.
 * Returns how many rows changed.
 */
export function inTransactionKeepingContent(db: Db, work: () => void): number {
  const changes = changesOf(db);
  const before = changes();
  inTransaction(db, work);
  const changed = changes() - before;
  discounts.set(db, (discounts.get(db) ?? 0) + changed);
  return changed;
}

/** SQLite's `total_changes()` of the connection, prepared once. */
function changesOf(db: Db): () => number {
  let read = totalChanges.get(db);
  if (read === undefined) {
    const statement = db.$client.prepare<[], number>('SELECT total_changes()').pluck();
    read = () => statement.get() ?? 0;
    totalChanges.set(db, read);
  }
  return read;
}
