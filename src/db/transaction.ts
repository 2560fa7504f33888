import type { Db } from './client.js';

const versions = new WeakMap<Db, () => string>();
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
    const changes = db.$client.prepare('SELECT total_changes()').pluck();
    const dataVersion = db.$client.prepare('PRAGMA data_version').pluck();
    read = () => `${String((changes.get() as number) - (discounts.get(db) ?? 0))}:${String(dataVersion.get())}`;
    versions.set(db, read);
  }
  return read();
}

/**
 * Leaves `n` rows this connection changed out of `contentVersion`: for writes that keep every
 * answer the same (the search index merging its own segments), so that they do not empty caches.
 */
export function discountChanges(db: Db, n: number): void {
  discounts.set(db, (discounts.get(db) ?? 0) + n);
}
