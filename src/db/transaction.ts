import type { Db } from './client.js';


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
  const changesBefore = totalChanges(db);
  let result: T;
  try {
    result = db.transaction(
      () => {
        const value = work();
        if (outermost) runBeforeCommit(db);
        return value;
      },
      { behavior: 'immediate' },
    );
  } catch (error) {
    // What was read inside (and cached, say) may have seen its own writes, now undone.
    const wrote = totalChanges(db) !== changesBefore;
    if (outermost) rolledBack(db, wrote);
    else if (wrote) stateOf(db).rollbacks++;
    throw error;
  }
  if (outermost) runAfterCommit(db);
  return result;
}

interface BeforeCommitTask {
  run: () => void;
  discarded: (() => void) | undefined;
}

/** What this module keeps per connection. */
interface ConnectionState {
  /** SQLite's `total_changes()`: rows inserted, updated or deleted so far (rolled back or not). */
  changes: () => number;
  /** Of those, the rows of writes that keep every answer the same (`inTransactionKeepingContent`). */
  unchanging: number;
  /** Rollbacks of transactions that had written: part of `contentVersion`. */
  rollbacks: number;
  before: Map<unknown, BeforeCommitTask>;
  after: Map<unknown, () => void>;
  /** `contentVersion`'s reader, prepared on first use. */
  version: (() => string) | undefined;
}

const states = new WeakMap<Db, ConnectionState>();

function stateOf(db: Db): ConnectionState {
  let state = states.get(db);
  if (state === undefined) {
    // Prepared once per connection: these run several times per request.
    const changes = db.$client.prepare<[], number>('SELECT total_changes()').pluck();
    state = { changes: () => changes.get() ?? 0, unchanging: 0, rollbacks: 0, before: new Map(), after: new Map(), version: undefined };
    states.set(db, state);
  }
  return state;
}

/**
 * Runs `task` once (per `key`) just before the outermost transaction on `db` commits, inside it
 * and outside every savepoint; outside a transaction, at once. Call it inside `inTransaction` or
 * a GroupCommit group. For work that costs less done once for many writes than once for each:
 * FTS5 writes a new index segment at every savepoint and commit, so a group's articles are
 * indexed here together, in one segment. A savepoint rolled back after registering does not
 * unregister: `task` must work from the rows as they are then. If the transaction rolls back
 * instead, `discarded` runs.
 */
export function beforeCommit(db: Db, key: unknown, task: () => void, discarded?: () => void): void {
  if (!db.$client.inTransaction) {
    task();
    return;
  }
  const { before } = stateOf(db);
  if (!before.has(key)) before.set(key, { run: task, discarded });
}

/**
 * Runs `task` once (per `key`) right after the outermost transaction on `db` has committed, before
 * any answer that waited for it goes out; outside a transaction, at once. Forgotten if the
 * transaction rolls back. `task` must not throw: the write has committed by then.
 */
export function afterCommit(db: Db, key: unknown, task: () => void): void {
  if (!db.$client.inTransaction) {
    runCommitted(task);
    return;
  }
  const { after } = stateOf(db);
  if (!after.has(key)) after.set(key, task);
}

/** Runs the `beforeCommit` tasks, for whoever is about to COMMIT the outermost transaction. */
export function runBeforeCommit(db: Db): void {
  const { before } = stateOf(db);
  // A task may register another (or itself again); each runs once per round.
  while (before.size > 0) {
    const round = [...before.values()];
    before.clear();
    for (const [index, task] of round.entries()) {
      try {
        task.run();
      } catch (error) {
        // The transaction will roll back: the tasks not run are told, as `rolledBack` tells the rest.
        for (const skipped of round.slice(index + 1)) skipped.discarded?.();
        throw error;
      }
    }
  }
}

/** Runs the `afterCommit` tasks, for whoever has just committed the outermost transaction. */
export function runAfterCommit(db: Db): void {
  const { after } = stateOf(db);
  const tasks = [...after.values()];
  after.clear();
  for (const task of tasks) runCommitted(task);
}

/** Runs an after-commit task; a failure is not the write's (it has committed): reported, not thrown. */
function runCommitted(task: () => void): void {
  try {
    task();
  } catch (error) {
    process.emitWarning(`an after-commit task failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, 'AfterCommitTaskFailed');
  }
}

/**
 * For whoever rolled the outermost transaction back: forgets its commit tasks (telling the
 * `beforeCommit` ones) and, if it had written anything, changes `contentVersion`, since what
 * caches filled inside it saw is gone.
 */
export function rolledBack(db: Db, wrote = true): void {
  const state = stateOf(db);
  if (wrote) state.rollbacks++;
  const tasks = [...state.before.values()];
  state.before.clear();
  state.after.clear();
  for (const task of tasks) task.discarded?.();
}

/** SQLite's `total_changes()` of the connection: rows inserted, updated or deleted so far. */
export function totalChanges(db: Db): number {
  return stateOf(db).changes();
}

/**
 * Changes whenever the database content may have changed: on every row this connection inserts,
 * updates or deletes (SQLite's `total_changes()`, which also counts changes later rolled back — a
 * needless invalidation is harmless, a missed one is not), and on every commit by another
 * connection to the file (`data_version`), and on every rollback (what a cache filled inside the
 * transaction saw may be gone, and `total_changes()` does not go back). A transaction that writes
 * nothing — a queue poll that found no due work — changes none of them, so it does not empty the
 * caches built on this.
 */
export function contentVersion(db: Db): string {
  const state = stateOf(db);
  if (state.version === undefined) {
    // Prepared once: `db.pragma()` compiles the statement on every call, and this runs per request.
    // Two statements: the pragma as a table-valued function in one SELECT cost ~60 % more.
    const dataVersion = db.$client.prepare('PRAGMA data_version').pluck();
    state.version = () => `${String(state.changes() - state.unchanging)}:${String(dataVersion.get())}:${String(state.rollbacks)}`;
  }
  return state.version();
}

/**
 * `inTransaction` for writes that keep every answer the same (the search index merging its own
 * segments): the rows they change are left out of `contentVersion`, so they empty no cache.
 * Returns how many rows changed.
 */
export function inTransactionKeepingContent(db: Db, work: () => void): number {
  const state = stateOf(db);
  const before = state.changes();
  inTransaction(db, work);
  const changed = state.changes() - before;
  state.unchanging += changed;
  return changed;
}
