import type { Db } from './client.js';

const localWrites = new WeakMap<Db, number>();
const dataVersions = new WeakMap<Db, () => unknown>();

/**
 * Runs `work` in one IMMEDIATE transaction: the write lock is taken at BEGIN, so two processes on
 * one file queue on busy_timeout instead of failing to upgrade a read lock. better-sqlite3 is
 * synchronous and has one connection, so every statement `work` runs on `db` is part of it; `work`
 * must stay synchronous (an async callback would commit before it finished).
 */
export function inTransaction<T>(db: Db, work: () => T): T {
  try {
    return db.transaction(() => work(), { behavior: 'immediate' });
  } finally {
    // Counted whether it committed or not: a needless invalidation is harmless, a missed one is not.
    localWrites.set(db, (localWrites.get(db) ?? 0) + 1);
  }
}

/**
 * Changes whenever the database content may have changed: on every write transaction of this
 * process, and (through SQLite's `data_version`) on every commit by another process on the file.
 */
export function contentVersion(db: Db): string {
  let dataVersion = dataVersions.get(db);
  if (dataVersion === undefined) {
    // Prepared once: `db.pragma()` compiles the statement on every call, and this runs per request.
    const statement = db.$client.prepare('PRAGMA data_version').pluck();
    dataVersion = () => statement.get();
    dataVersions.set(db, dataVersion);
  }
  return `${localWrites.get(db) ?? 0}:${String(dataVersion())}`;
}
