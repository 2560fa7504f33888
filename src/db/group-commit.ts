import type { FastifyBaseLogger } from 'fastify';
import type { Db } from './client.js';
import { rolledBack, runAfterCommit, runBeforeCommit, totalChanges } from './transaction.js';

/** At most this many writes share one transaction (a longer queue is committed in several). */
const MAX_GROUP = 64;
/**
 * A group closes once its writes have taken this long; the rest of the queue goes in the next
 * turn's group. Meanwhile this group's sync runs on the thread pool and the answers of the one
 * before go out, so the event loop and the disk work at once instead of by turns.
 */
const GROUP_BUDGET_MS = 2;

export interface GroupCommitOptions {
  log?: FastifyBaseLogger | undefined;
  /** Starts syncing what has been committed to stable storage (Durability.flush(true)). */
  sync?: (() => Promise<void>) | undefined;
  /** How long a group's writes may take before the rest wait for the next group (GROUP_BUDGET_MS). */
  budgetMs?: number | undefined;
}

interface Member {
  work: () => unknown;
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
  committed: Deferred;
  /** When the group's commit is on stable storage: set as it commits, before any `committed` settles. */
  synced?: Promise<void>;
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * A write of a group that did not commit: nothing of it is stored. A 503 to the client (the
 * problem handler reads `statusCode`), which may retry; the cause is logged when the group fails.
 */
export class WriteNotStoredError extends Error {
  override name = 'WriteNotStoredError';
  readonly statusCode = 503;

  constructor(cause: unknown) {
    super('The write could not be stored, and nothing of it was kept; retry shortly.', { cause });
  }
}

/** What `GroupCommit.run` hands back. */
export interface GroupWrite<T> {
  /** What `work` returned, or threw. */
  result: Promise<T>;
  /**
   * Settles once the answer built from `work` may go out: at once if `work` neither wrote nor
   * could have seen another write of the group; else when the group has committed. Rejects with
   * WriteNotStoredError if the group did not commit: then nothing `work` wrote or saw is stored.
   */
  committed: Promise<void>;
  /**
   * For an answer that succeeded: settles once `committed` has and the group's commit (or, had the
   * group nothing to commit, what `work` may have read) is on stable storage, through the sync the
   * group started as it committed; rejects as `committed` does, or with the sync's error.
   */
  durable: () => Promise<void>;
}

/**
 * Group commit: the writes queued in one turn of the event loop run, in order, in one IMMEDIATE
 * transaction, committed once — as many as fit in GROUP_BUDGET_MS; the rest are the next turn's
 * group. A commit's fixed costs — writing each touched page to the WAL, the search index's new
 * segment and its merges — are then shared by every write in the group instead of paid by each,
 * and its sync (`sync`) starts as it commits, while the next group runs.
 *
 * Each write stays atomic on its own: services run their writes in `inTransaction`, which inside
 * the group is a savepoint, so a write that fails is rolled back alone and the others commit.
 * The group runs from BEGIN to COMMIT in one synchronous call, so no code outside it sees its
 * writes before the commit. Inside it, a write may see the writes of those before it, as it would
 * had they committed first.
 *
 * If the commit fails, or SQLite rolls the whole transaction back (an I/O error, a full disk),
 * every write that wrote, or ran after one that did, has failed: its `committed` rejects, and its
 * answer — success or client error, either may rest on writes now undone — must not go out (see
 * app.ts). Work that awaits before it writes does that part in a transaction of its own, outside
 * the group: do not run it here (its write would commit while the group's answer says it failed).
 */
export class GroupCommit {
  private queue: Member[] = [];
  private scheduled = false;
  private readonly begin;
  private readonly commit;
  private readonly rollback;

  private readonly log;
  private readonly sync;
  private readonly budgetMs;

  constructor(
    private readonly db: Db,
    options: GroupCommitOptions = {},
  ) {
    this.log = options.log;
    this.sync = options.sync ?? (() => Promise.resolve());
    this.budgetMs = options.budgetMs ?? GROUP_BUDGET_MS;
    const client = db.$client;
    this.begin = client.prepare('BEGIN IMMEDIATE');
    this.commit = client.prepare('COMMIT');
    this.rollback = client.prepare('ROLLBACK');
  }

  /** Queues `work` (synchronous writes) for the next group, which runs at the end of this turn. */
  run<T>(work: () => T): GroupWrite<T> {
    const committed = deferred();
    const member: Member = { work, resolve: () => undefined, reject: () => undefined, committed };
    const result = new Promise<T>((resolve, reject) => {
      member.resolve = resolve as (result: unknown) => void;
      member.reject = reject;
    });
    this.queue.push(member);
    if (!this.scheduled) {
      this.scheduled = true;
      // After the turn's I/O callbacks, so that the writes of every request read in it share the group.
      setImmediate(() => {
        this.drain();
      });
    }
    // A member whose group did not commit, or that ran before its writes, may still have read what
    // an earlier group committed: its success waits for a sync too.
    const durable = () => committed.promise.then(() => member.synced ?? this.sync());
    return { result, committed: committed.promise, durable };
  }

  /** Commits one group, from the front of the queue; the rest waits for the next turn. */
  private drain(): void {
    this.scheduled = false;
    const group = this.queue.splice(0, MAX_GROUP);
    try {
      this.runGroup(group);
    } catch (error) {
      // Not expected (runGroup handles SQLite's failures): never leave a request waiting, nor a
      // transaction open for the next group to fail on.
      try {
        this.abandon();
      } finally {
        this.failAll(group, error);
      }
    }
    if (this.queue.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.drain();
      });
    }
  }

  private runGroup(group: Member[]): void {
    const client = this.db.$client;
    try {
      this.begin.run();
    } catch (error) {
      this.failAll(group, error);
      return;
    }
    const start = totalChanges(this.db);
    const startedAt = performance.now();
    /** Members whose answers depend on the commit: they wrote, or ran after a write. */
    const waiting: Member[] = [];
    for (const [index, member] of group.entries()) {
      if (index > 0 && performance.now() - startedAt > this.budgetMs) {
        // The rest, not run, go first in the next group.
        this.queue.unshift(...group.splice(index));
        break;
      }
      const before = totalChanges(this.db);
      try {
        member.resolve(member.work());
      } catch (error) {
        member.reject(error);
      }
      if (!client.inTransaction) {
        // SQLite rolled the whole transaction back (an I/O error, a full disk): this write and the
        // ones before it are gone, and all answer 503. The ones not yet run go in the next group.
        this.abandon();
        this.fail([...waiting, member], new Error('SQLite rolled back the transaction of a group of writes'));
        this.queue.unshift(...group.slice(index + 1));
        return;
      }
      if (before !== start || totalChanges(this.db) !== before) waiting.push(member);
      else member.committed.resolve();
    }
    try {
      runBeforeCommit(this.db);
      this.commit.run();
    } catch (error) {
      try {
        this.abandon();
      } finally {
        this.fail(waiting, error);
      }
      return;
    }
    runAfterCommit(this.db);
    const synced = this.sync();
    synced.catch(() => undefined);
    for (const member of group) member.synced = synced;
    for (const member of waiting) member.committed.resolve();
  }

  /** Ends the group's transaction without it: rolled back if SQLite has not already done so. */
  private abandon(): void {
    try {
      if (this.db.$client.inTransaction) this.rollback.run();
    } finally {
      rolledBack(this.db);
    }
  }

  /** Fails members that never ran (or whose run cannot be trusted): their `committed` and their result. */
  private failAll(members: readonly Member[], cause: unknown): void {
    const failure = this.fail(members, cause);
    for (const member of members) member.reject(failure);
  }

  /** Rejects the members' `committed` (the cause logged); returns the error they got. */
  private fail(members: readonly Member[], cause: unknown): WriteNotStoredError {
    this.log?.error({ err: cause, writes: members.length }, 'a group of writes was not committed');
    const error = new WriteNotStoredError(cause);
    for (const member of members) member.committed.reject(error);
    return error;
  }
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Whoever needs the outcome awaits it; a write that failed on its own may have no one waiting.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
