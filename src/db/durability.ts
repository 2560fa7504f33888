import { fdatasync, openSync, closeSync, fstatSync } from 'node:fs';
import type { Db } from './client.js';

/**
 * Group commit for `synchronous=FULL`, off the event loop. Each request keeps its own
 * transaction, committed with synchronous=NORMAL: its pages are in the WAL, not yet on stable
 * storage. Before a write is acknowledged, `flush` syncs the WAL file — what FULL does after every
 * commit ("the WAL file is synchronized after each transaction is committed"; the WAL header, at
 * each reuse, is synchronized under NORMAL too) — on libuv's thread pool, so the event loop keeps
 * serving while the disk works. One sync covers every transaction committed before it started:
 * concurrent writers share it, and no answer goes out before its data is on stable storage. A
 * crash before the sync loses only unacknowledged transactions, each whole (WAL commits are
 * atomic).
 */
export class Durability {
  private readonly walPath: string | undefined;
  private fd: number | undefined;
  /** The sync under way, if any. */
  private running: Promise<void> | undefined;
  /** The next sync, for commits made while one runs (a sync covers only what was written before it began). */
  private next: Promise<void> | undefined;

  constructor(db: Db) {
    const client = db.$client;
    this.walPath = client.memory ? undefined : `${client.name}-wal`;
    client.pragma('synchronous = NORMAL');
  }

  /** Resolves once everything committed so far is on stable storage. */
  flush(): Promise<void> {
    if (this.walPath === undefined) return Promise.resolve();
    // Started after the current turn's handlers have run, so that their commits share it.
    this.next ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.running?.catch(() => undefined))
      .then(() => {
        this.next = undefined;
        this.running = this.sync().finally(() => {
          this.running = undefined;
        });
        return this.running;
      });
    return this.next;
  }

  /** Closes the WAL file handle (the database's own connection is closed elsewhere). */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private sync(): Promise<void> {
    const fd = this.walFd();
    // No WAL file: nothing was written through one.
    if (fd === undefined) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      fdatasync(fd, (error) => {
        if (error === null) resolve();
        else reject(error);
      });
    });
  }

  /** A handle on the WAL file, reopened should the file have been replaced (it never is while the database is open). */
  private walFd(): number | undefined {
    if (this.fd !== undefined && fstatSync(this.fd).nlink > 0) return this.fd;
    this.close();
    try {
      this.fd = openSync(this.walPath ?? '', 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return this.fd;
  }
}
