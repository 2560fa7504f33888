import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/client.js';
import { mailQueue } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { nowIso } from '../lib/clock.js';
import { isDeadLocalOwner } from '../lib/lease-owner.js';
import { releaseDeadLeases } from '../db/leases.js';
import { newId } from '../lib/ids.js';
import { isPermanentFailure } from './mailer.js';
import type { Mailer, MailMessage } from './message.js';

/** Longest sleep between looks at the queue: also how soon mail queued by another process is noticed. */
const MAX_SLEEP_MS = 30_000;
/** A claim outlives one send (nodemailer's timeouts add up to under a minute); after a crash the mail is retried then. */
const LEASE_MS = 120_000;
/** A confirmation link is dead after 48 h; a mail unsent by then is not worth sending. */
const MAX_AGE_MS = 48 * 3_600_000;

type MailRow = typeof mailQueue.$inferSelect;

export interface MailQueueOptions {
  /** Milliseconds before each retry; the last one repeats until the mail is too old. */
  retryDelays: readonly number[];
  /** Right-hand side of the Message-IDs, e.g. the public host. */
  messageIdDomain: string;
  /** Resolves once what was committed is on stable storage: no mail goes out (with its links) that a power loss could undo. */
  durable?: () => Promise<void>;
}

/**
 * The durable mail queue. `enqueue` writes a row inside the caller's transaction, so a mail exists
 * exactly when the change that caused it committed; a worker sends rows after commit and retries
 * with backoff while the SMTP server is unreachable. Rows are claimed with a lease in an IMMEDIATE
 * transaction, so several processes on one database file never send the same mail at once.
 */
export class MailQueue {
  private readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private wakeScheduled = false;

  constructor(
    private readonly db: Db,
    private readonly mailer: Mailer,
    private readonly log: FastifyBaseLogger,
    private readonly options: MailQueueOptions,
  ) {}

  /** Queues a mail. Call inside the transaction of the change that causes it. */
  enqueue(message: MailMessage, subscriberId: string | null): string {
    const now = nowIso();
    const id = newId('mail');
    this.db.insert(mailQueue).values({ id, subscriberId, message: JSON.stringify(message), status: 'pending', nextAttemptAt: now, createdAt: now }).run();
    this.scheduleWake();
    return id;
  }

  start(): void {
    this.stopped = false;
    this.releaseDeadLeases();
    // Catch up on mail left unsent before a restart.
    this.wake();
  }

  /**
   * A mail a crashed process (kill -9, OOM) had claimed would wait out its lease (minutes) before
   * being sent again; when the owner is a dead process of this machine, release it now.
   */
  private releaseDeadLeases(): void {
    try {
      const released = releaseDeadLeases(this.db, { table: mailQueue, id: mailQueue.id, status: mailQueue.status, leaseOwner: mailQueue.leaseOwner, leaseExpiresAt: mailQueue.leaseExpiresAt }, isDeadLocalOwner);
      if (released > 0) this.log.warn({ released }, 'took over mail left by a crashed process');
    } catch (error) {
      // A busy database: the leases then simply expire.
      this.log.error({ err: error }, 'could not release the leases of crashed processes');
    }
  }

  /** Stops the timer and waits for a send in progress, so its result is recorded before the database closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    this.mailer.close();
  }

  /** Sends whatever is due now; a no-op while stopped. */
  wake(): void {
    if (this.stopped) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain()
      .catch((error: unknown) => {
        // A busy or closing database: the timer looks again, nothing is lost.
        this.log.error({ err: error }, 'mail queue run failed');
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          this.rearm();
        }
      });
  }

  private scheduleWake(): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    // setImmediate runs after the caller's synchronous transaction has committed (or rolled back,
    // in which case the row is gone and there is nothing to send).
    setImmediate(() => {
      this.wakeScheduled = false;
      this.wake();
    });
  }

  private async drain(): Promise<void> {
    this.again = false;
    while (!this.stopped) {
      const row = this.claim();
      if (row === undefined) return;
      await this.deliver(row);
    }
  }

  /** Takes the next due mail that no live process holds. */
  private claim(): MailRow | undefined {
    return inTransaction(this.db, () => {
      const now = nowIso();
      const row = this.db
        .select()
        .from(mailQueue)
        .where(and(eq(mailQueue.status, 'pending'), lte(mailQueue.nextAttemptAt, now), or(isNull(mailQueue.leaseExpiresAt), lte(mailQueue.leaseExpiresAt, now))))
        .orderBy(asc(mailQueue.nextAttemptAt), asc(mailQueue.id))
        .limit(1)
        .get();
      if (row === undefined) return undefined;
      const leaseExpiresAt = new Date(Date.now() + LEASE_MS).toISOString();
      this.db.update(mailQueue).set({ leaseOwner: this.owner, leaseExpiresAt }).where(eq(mailQueue.id, row.id)).run();
      return { ...row, leaseOwner: this.owner, leaseExpiresAt };
    });
  }

  private async deliver(row: MailRow): Promise<void> {
    let message: MailMessage;
    try {
      message = JSON.parse(row.message) as MailMessage;
    } catch (error) {
      this.finish(row, { status: 'failed', attempts: row.attempts, lastError: 'the queued message is not valid JSON' });
      this.log.error({ err: error, mailId: row.id }, 'unreadable queued mail dropped');
      return;
    }
    const attempts = row.attempts + 1;
    try {
      await this.options.durable?.();
      await this.mailer.send(message, `<${row.id}@${this.options.messageIdDomain}>`);
    } catch (error) {
      this.failed(row, attempts, error);
      return;
    }
    // The body carries live unsubscribe and confirmation links; once delivered only a summary is kept.
    const summary = JSON.stringify({ kind: message.kind, to: message.to, subject: message.subject });
    this.finish(row, { status: 'sent', attempts, sentAt: nowIso(), message: summary, lastError: null, nextAttemptAt: null });
    this.log.info({ mailId: row.id, kind: message.kind, attempts }, 'mail sent');
  }

  private failed(row: MailRow, attempts: number, error: unknown): void {
    const detail = error instanceof Error ? error.message : String(error);
    const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
    const permanent = isPermanentFailure(error);
    const tooOld = Date.now() - Date.parse(row.createdAt) >= MAX_AGE_MS;
    // Logged without the message text: SMTP answers often quote the recipient's address.
    const logged = { mailId: row.id, attempts, code, responseCode };
    if (permanent || tooOld) {
      this.finish(row, { status: 'failed', attempts, lastError: detail.slice(0, 500) });
      this.log.error({ ...logged, reason: permanent ? 'refused by the server' : 'too old' }, 'mail given up');
      return;
    }
    const delays = this.options.retryDelays;
    const delay = delays[Math.min(attempts, delays.length) - 1] ?? MAX_SLEEP_MS;
    const nextAttemptAt = new Date(Date.now() + delay).toISOString();
    this.finish(row, { attempts, lastError: detail.slice(0, 500), nextAttemptAt });
    this.log.warn({ ...logged, nextAttemptAt }, 'mail not sent; will retry');
  }

  /** Records an outcome and releases the lease, unless the lease was lost (or the row erased) meanwhile. */
  private finish(row: MailRow, changes: Partial<MailRow>): void {
    const result = this.db
      .update(mailQueue)
      .set({ ...changes, leaseOwner: null, leaseExpiresAt: null })
      .where(and(eq(mailQueue.id, row.id), eq(mailQueue.leaseOwner, this.owner)))
      .run();
    if (result.changes === 0) this.log.warn({ mailId: row.id }, 'mail outcome not recorded: the row was erased or its lease expired');
  }

  /** Sleeps until the next mail is due (or a dead process's lease ends), at most MAX_SLEEP_MS. */
  private rearm(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    let delay = MAX_SLEEP_MS;
    try {
      const next = this.db.get<{ at: string | null }>(
        sql`select min(max(${mailQueue.nextAttemptAt}, coalesce(${mailQueue.leaseExpiresAt}, ''))) as at from ${mailQueue} where ${mailQueue.status} = 'pending'`,
      )?.at;
      if (next != null) delay = Math.min(MAX_SLEEP_MS, Math.max(0, Date.parse(next) - Date.now()));
    } catch (error) {
      this.log.error({ err: error }, 'could not read the mail queue');
    }
    this.timer = setTimeout(() => {
      this.wake();
    }, delay);
    this.timer.unref();
  }
}
