import type { Db } from './client.js';
import { discardCommitTasks, runCommitTasks } from './transaction.js';

/** At most this many writes share one transaction (a longer queue is committed in several). */
const MAX_GROUP = 64;

interface Member {
  work: () => unknown;
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
  committed: Deferred;
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** What `GroupCommit.run` hands back. */
export interface GroupWrite<T> {
  /** What `work` returned, or threw. */
  result: Promise<T>;
  /** Settles once the transaction `work` ran in has committed; rejects if it did not. */
  committed: Promise<void>;
}

/**
 * Group commit: the writes queued in one turn of the event loop run, in order, in one IMMEDIATE
 * transaction, committed once. A commit's fixed costs — writing each touched page to the WAL, the
 * search index's new segment and its merges — are then shared by every write in the group instead
 * of paid by each, which under concurrent writers is most of a write's cost.
 *
 * Each write stays atomic on its own: services run their writes in `inTransaction`, which inside
 * the group is a savepoint, so a write that fails is rolled back alone and the others commit.
 * Nothing outside the group sees its writes before the commit: the group runs from BEGIN to COMMIT
 * in one synchronous call, so no other request's code runs in between. A write that awaits before
 * writing does that part in its own transaction, as before.
 *
 * If the commit fails, or SQLite rolls the whole transaction back (an I/O error, a full disk),
 * every write in the group has failed: `committed` rejects for each, and its answer must not be
 * sent as a success (see app.ts).
 */
export class GroupCommit {
  private queue: Member[] = [];
  private scheduled = false;
  private readonly begin;
  private readonly commit;
  private readonly rollback;

  constructor(private readonly db: Db) {
    const client = db.$client;
    this.begin = client.prepare('BEGIN IMMEDIATE');
    this.commit = client.prepare('COMMIT');
    this.rollback = client.prepare('ROLLBACK');
  }

  /** Queues `work` (synchronous writes) for the group committed at the end of this turn. */
  run<T>(work: () => T): GroupWrite<T> {
    const committed = deferred();
    const result = new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (result: unknown) => void, reject, committed });
    });
    if (!this.scheduled) {
      this.scheduled = true;
      // After the turn's I/O callbacks, so that the writes of every request read in it share the group.
      setImmediate(() => {
        this.drain();
      });
    }
    return { result, committed: committed.promise };
  }

  private drain(): void {
    this.scheduled = false;
    while (this.queue.length > 0) this.runGroup(this.queue.splice(0, MAX_GROUP));
  }

  private runGroup(group: Member[]): void {
    const client = this.db.$client;
    try {
      this.begin.run();
    } catch (error) {
      for (const member of group) {
        member.reject(error);
        member.committed.reject(error);
      }
      return;
    }
    const ran: Member[] = [];
    for (const [index, member] of group.entries()) {
      ran.push(member);
      try {
        member.resolve(member.work());
      } catch (error) {
        member.reject(error);
      }
      if (!client.inTransaction) {
        // SQLite rolled the whole transaction back: the writes before this one are gone too (the
        // one that caused it has its own error). The ones not yet run get a group of their own.
        discardCommitTasks(this.db);
        const error = new Error('The transaction this write shared with others was rolled back: it is not stored.');
        for (const undone of ran) undone.committed.reject(error);
        this.queue.unshift(...group.slice(index + 1));
        return;
      }
    }
    try {
      runCommitTasks(this.db);
      this.commit.run();
    } catch (error) {
      discardCommitTasks(this.db);
      if (client.inTransaction) this.rollback.run();
      for (const member of ran) member.committed.reject(error);
      return;
    }
    for (const member of ran) member.committed.resolve();
  }
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Whoever needs the outcome awaits it; a write that failed on its own has no one waiting.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

