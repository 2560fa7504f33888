import { closeSync, fdatasync, openSync, realpathSync } from 'node:fs';
import type { Db } from './client.js';

/**
 * Shared syncs for `synchronous=FULL`, off the event loop. Each transaction (a group of request
 * writes, see GroupCommit, or a background job's) commits with synchronous=NORMAL: its pages are
 * in the WAL, not yet on stable storage. Before a write is acknowledged, `flush` syncs the WAL file — what FULL does after every
 * commit ("the WAL file is synchronized after each transaction is committed"; the WAL header, at
 * each reuse, is synchronized under NORMAL too) — on libuv's thread pool, so the event loop keeps
 * serving while the disk works. One sync covers every transaction committed before it started:
 * concurrent writers share it, and no answer goes out before its data is on stable storage. A
 * crash before the sync loses only unacknowledged transactions, each whole (WAL commits are
 * atomic).
 *
 * A failed sync is final: after an I/O error the kernel may have dropped the unwritten pages and
 * report success next time, while later WAL frames chain onto the lost ones. Every later `flush`
 * fails with that error, so nothing more is acknowledged; the process should be restarted (SQLite
 * then recovers the WAL up to the last intact commit). For the same reason syncs never overlap:
 * the kernel reports a writeback error to one sync of the file description, and one running
 * beside it could succeed over pages already lost. Each starts once the one before has succeeded.
 */
export class Durability {
  /** The WAL file, opened once (it exists from the first open in WAL mode until the last close). */
  private fd: number | undefined;
  /** The sync under way, if any. */
  private running: Promise<void> | undefined;
  /** The next sync, for commits made while one runs (a sync covers only what was written before it began). */
  private next: Promise<void> | undefined;
  private failure: Error | undefined;
  private closed = false;

  /** The sync failure that stopped acknowledgements, if any: the process should be restarted. */
  get failed(): Error | undefined {
    return this.failure;
  }

  constructor(
    db: Db,
    /** Syncs the WAL file: `fdatasync`, or in a test a disk that fails. */
    private readonly syncFile: (fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => void = fdatasync,
  ) {
    const client = db.$client;
    // SQLite resolves symbolic links in the database path; the WAL sits beside the real file.
    this.fd = client.memory ? undefined : openSync(`${realpathSync(client.name)}-wal`, 'r+');
    client.pragma('synchronous = NORMAL');
  }

  /**
   * Resolves once everything committed so far is on stable storage. With `now`, for a caller that
   * has gathered its commits itself (a group, see GroupCommit), an idle file is synced at once
   * instead of at the end of the turn.
   */
  flush(now = false): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('The database is closing: the write may not be on stable storage.'));
    if (this.fd === undefined) return Promise.resolve();
    if (this.next !== undefined) return this.next;
    if (this.running === undefined && now) return this.start();
    // After the sync under way, or else after the current turn's handlers have run, so that their
    // commits share it.
    const before = this.running?.catch(() => undefined) ?? new Promise<void>((resolve) => setImmediate(resolve));
    this.next = before.then(() => {
      this.next = undefined;
      return this.start();
    });
    return this.next;
  }

  /** Waits for syncs under way, then closes the WAL file handle (the connection is closed elsewhere). */
  async close(): Promise<void> {
    this.closed = true;
    await this.next?.catch(() => undefined);
    await this.running?.catch(() => undefined);
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private start(): Promise<void> {
    this.running = this.sync().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private sync(): Promise<void> {
    const fd = this.fd;
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (fd === undefined || this.closed) return Promise.reject(new Error('The database is closing: the write may not be on stable storage.'));
    return new Promise<void>((resolve, reject) => {
      this.syncFile(fd, (error) => {
        if (error === null) {
          resolve();
          return;
        }
        this.failure ??= error;
        reject(error);
      });
    });
  }
}
