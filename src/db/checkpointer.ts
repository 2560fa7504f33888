import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { FastifyBaseLogger } from 'fastify';

/**
 * The WAL length (pages) past which the writer checkpoints by itself, as SQLite would at 1,000: a
 * safety net should the checkpointer fall behind or stop. ~40 MB of WAL.
 */
export const WRITER_CHECKPOINT_PAGES = 10_000;

/**
 * The checkpointer's loop, run in a worker thread on a connection of its own. Plain CommonJS given
 * as text, so the same code runs from the sources (tsx, tap) and from the bundle.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
const version = db.prepare('PRAGMA data_version').pluck();
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
// Unknown at first: commits made before this thread started are checkpointed at its first look.
let seen = -1;
const timer = setInterval(() => {
  try {
    const now = version.get();
    if (now === seen) return;
    seen = now;
    checkpoint.run();
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Checkpoints the WAL off the request path. SQLite checkpoints inside the commit that leaves the
 * WAL 1,000 pages long: it copies those pages into the database file and syncs both files while
 * the writer — here the event loop, so every request — waits (measured at 100,000 articles:
 * ~1.7 ms per create on average, stalls of tens of ms). Instead a worker thread, on a connection
 * of its own, runs a PASSIVE checkpoint (which never blocks readers or writers) shortly after
 * other connections committed, and the writer keeps its own checkpoints only as a safety net
 * (WRITER_CHECKPOINT_PAGES).
 */
export class Checkpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<unknown>;

  constructor(client: Database, log: FastifyBaseLogger, intervalMs = 100) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), path: client.name, intervalMs },
    });
    this.worker.unref();
    // Not events.once: it rejects on an 'error' event, an unhandled rejection until stop().
    this.exited = new Promise((resolve) => this.worker.once('exit', resolve));
    // The worker only ever reports a failed checkpoint.
    this.worker.on('message', (message: unknown) => {
      log.warn({ err: message }, 'background checkpoint failed; the writer checkpoints by itself past its limit');
    });
    this.worker.on('error', (error) => {
      log.error({ err: error }, 'the checkpointer stopped; the writer checkpoints by itself again');
      if (client.open) client.pragma('wal_autocheckpoint = 1000');
    });
    client.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
  }

  /** Stops the worker and closes its connection; call before closing the database. */
  async stop(): Promise<void> {
    // Referenced again, so the process waits for the worker's exit instead of ending under it.
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }
}
