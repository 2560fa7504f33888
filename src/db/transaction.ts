import type { Db } from './client.js';

const versions = new WeakMap<Db, () => string>();
const totalChanges = new WeakMap<Db, () => number>();
const discounts = new WeakMap<Db, number>();

/**
 * Runs `work` in one IMMEDIATE transaction: the write lock is taken at BEGIN, so two processes on
 * one file queue on busy_timeout instead of failing to upgrade a read lock. better-sqlite3 is
 * synchronous and has one connection, so every statement `work` runs on `db` is part of it; `work`
 * must stay synchronous (an async callback would commit before it finished). Inside a transaction
 * already open (a request's group, see GroupCommit) it is a savepoint: it rolls back alone, and
 * commits with the outer transaction.
 */
export function inTransaction<T>(db: Db, work: () => T): T {
  const outermost = !db.$client.inTransaction;
  try {
    return db.transaction(
      () => {
        const result = work();
        if (outermost) runCommitTasks(db);
        return result;
      },
      { behavior: 'immediate' },
    );
  } finally {
    if (outermost) discardCommitTasks(db);
  }
}

const commitTasks = new WeakMap<Db, Map<unknown, () => void>>();

/**
 * Runs `task` once (per `key`) just before the outermost transaction on `db` commits, inside it
 * and outside every savepoint; outside a transaction, at once. For work that costs less done once
 * for many writes than once for each: FTS5 writes a new index segment at every savepoint and
 * commit, so a group's articles are indexed here together, in one segment. A savepoint rolled
 * back after registering does not unregister: `task` must work from the rows as they are then.
 */
export function beforeCommit(db: Db, key: unknown, task: () => void): void {
  if (!db.$client.inTransaction) {
    task();
    return;
  }
  let tasks = commitTasks.get(db);
  if (tasks === undefined) commitTasks.set(db, (tasks = new Map<unknown, () => void>()));
  if (!tasks.has(key)) tasks.set(key, task);
}

/** Runs the registered commit tasks (see beforeCommit), for whoever is about to COMMIT. */
export function runCommitTasks(db: Db): void {
  const tasks = commitTasks.get(db);
  if (tasks === undefined) return;
  // A task may register another (or itself again); each runs once per round.
  while (tasks.size > 0) {
    const round = [...tasks.values()];
    tasks.clear();
    for (const task of round) task();
  }
}

/** Forgets the registered commit tasks: the transaction they were for has ended without them. */
export function discardCommitTasks(db: Db): void {
  commitTasks.get(db)?.clear();
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
