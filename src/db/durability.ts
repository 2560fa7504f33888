import type { Db } from './client.js';

/**
 * Group commit for `synchronous=FULL`. Each request keeps its own transaction, committed at once
 * with synchronous=NORMAL (written to the WAL, not yet fsynced); before any write is
 * acknowledged, one barrier per event-loop turn switches to FULL and commits a one-page write,
 * which fsyncs the WAL — and with it every transaction committed before. Concurrent writers
 * share that fsync instead of paying one each, and no answer goes out before its data is on
 * stable storage: an acknowledged write survives a power loss, as with FULL on every commit.
 * A crash before the barrier loses only unacknowledged transactions, each whole (WAL commits are
 * atomic).
 */
export class Durability {
  private pending: Promise<void> | undefined;
  private readonly statements;
  private flip = false;

  constructor(db: Db) {
    const client = db.$client;
    this.statements = {
      full: client.prepare('PRAGMA synchronous = FULL'),
      normal: client.prepare('PRAGMA synchronous = NORMAL'),
      // A write that touches one page (the header) and nothing of ours.
      barrierA: client.prepare('PRAGMA user_version = 1'),
      barrierB: client.prepare('PRAGMA user_version = 2'),
    };
    this.statements.normal.run();
  }

  /** Resolves once everything committed so far is on stable storage. */
  flush(): Promise<void> {
    this.pending ??= new Promise<void>((resolve, reject) => {
      // After the current turn's handlers have run, so that their commits share this fsync.
      setImmediate(() => {
        this.pending = undefined;
        try {
          this.statements.full.run();
          (this.flip ? this.statements.barrierA : this.statements.barrierB).run();
          this.flip = !this.flip;
          resolve();
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        } finally {
          this.statements.normal.run();
        }
      });
    });
    return this.pending;
  }
}
