import { and, asc, eq, lte, min } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client.js';
import { articles } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { nowIso } from '../../lib/clock.js';
import type { ArticleChanges } from './changes.js';
import type { ArticleReader } from './reader.js';

/** Longest sleep between checks: also how soon another process's new schedule is noticed. */
const MAX_SLEEP_MS = 30_000;
export const SCHEDULER_ACTOR = 'scheduler';

/**
 * Publishes scheduled articles when their time comes: one timer set for the next due article,
 * re-armed whenever articles change, and a catch-up at start for what fell due while the server was
 * down. The transition is guarded in SQL (`… where status = 'scheduled'`) inside an IMMEDIATE
 * transaction, so two processes on one file never both publish the same article.
 */
export class ArticleScheduler {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  /** When the next scheduled article is due (read after every change to articles: prepared once). */
  private readonly nextDue;

  constructor(
    private readonly db: Db,
    private readonly reader: ArticleReader,
    private readonly changes: ArticleChanges,
    private readonly log: FastifyBaseLogger,
  ) {
    this.nextDue = db
      .select({ at: min(articles.publishedAt) })
      .from(articles)
      .where(eq(articles.status, 'scheduled'))
      .prepare();
  }

  start(): void {
    this.stopped = false;
    this.run();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Looks again for the next due article (after any change to articles). */
  rearm(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    let delay = MAX_SLEEP_MS;
    try {
      const next = this.nextDue.get()?.at;
      if (next != null) delay = Math.min(MAX_SLEEP_MS, Math.max(0, Date.parse(next) - Date.now()));
    } catch (error) {
      this.log.error({ err: error }, 'could not read the next scheduled article');
    }
    this.timer = setTimeout(() => {
      this.run();
    }, delay);
    this.timer.unref();
  }

  /** Publishes every article that is due now; returns their ids. */
  publishDue(): string[] {
    return inTransaction(this.db, () => {
      const now = nowIso();
      const due = this.db
        .select({ id: articles.id })
        .from(articles)
        .where(and(eq(articles.status, 'scheduled'), lte(articles.publishedAt, now)))
        .orderBy(asc(articles.publishedAt))
        .all();
      const published: string[] = [];
      for (const { id } of due) {
        const row = this.reader.findRow(id);
        if (row === undefined) continue;
        const before = this.reader.represent(row, 'editor', now);
        const result = this.db
          .update(articles)
          .set({ status: 'published', updatedAt: now, version: before.version + 1 })
          .where(and(eq(articles.id, id), eq(articles.status, 'scheduled')))
          .run();
        if (result.changes === 1) {
          this.changes.updated(before, SCHEDULER_ACTOR, now);
          published.push(id);
        }
      }
      return published;
    });
  }

  private run(): void {
    if (this.stopped) return;
    try {
      const published = this.publishDue();
      if (published.length > 0) this.log.info({ articles: published }, 'published scheduled articles');
    } catch (error) {
      // A busy database or a transient error: try again on the next tick rather than stop publishing.
      this.log.error({ err: error }, 'scheduled publishing failed');
    }
    this.rearm();
  }
}
