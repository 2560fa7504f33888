import type { Statement } from 'better-sqlite3';
import { and, eq, gt, inArray, isNotNull, isNull, lte, min, notExists, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { events, webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../db/schema.js';
import { releaseDeadLeases } from '../../db/leases.js';
import { inTransaction } from '../../db/transaction.js';

/**
 * The delivery queue's storage: claiming due attempts under a lease, recording outcomes, and the
 * retention sweep. Every state change runs in an IMMEDIATE transaction, so several processes on
 * one database file serialize on SQLite's write lock and never claim the same attempt twice.
 */

/** One attempt this process may make: the delivery, its endpoint and the exact bytes to send. */
export interface ClaimedDelivery {
  id: string;
  /** Proves the claim is still ours when the outcome is recorded. */
  leaseToken: string;
  endpointId: string;
  url: string;
  /** Current secret first, then the previous one while it is still valid. */
  secrets: string[];
  payload: string;
}

export interface AttemptOutcome {
  attemptedAt: string;
  latencyMs: number;
  /** The HTTP status, or null when no answer came. */
  statusCode: number | null;
  /** Null on success (a 2xx). */
  error: string | null;
  responseBody: string | null;
}

export interface QueuePolicy {
  /** Milliseconds before each attempt (CMS_WEBHOOK_RETRY_DELAYS); its length is the attempt budget. */
  retryDelays: readonly number[];
  /** An endpoint failing without a success for this long is disabled. */
  disableAfterMs: number;
}

export type Recorded =
  | { kind: 'succeeded' | 'retry' | 'failed' }
  | { kind: 'disabled'; endpointId: string; reason: string }
  /** The endpoint (and so the delivery) was deleted, or another process took the lease over. */
  | { kind: 'stale' };

interface DueParams {
  now: string;
  perEndpoint: number;
  limit: number;
}
interface DueRow {
  id: string;
}
interface ClaimRow {
  id: string;
  endpointId: string;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: string | null;
  payload: string;
}

/** ±10 % on non-zero delays, so deliveries that failed together do not all retry in the same instant. */
export function withJitter(delayMs: number, random: () => number = Math.random): number {
  if (delayMs <= 0) return 0;
  return Math.round(delayMs * (0.9 + random() * 0.2));
}

const addMs = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

/**
 * Marks an endpoint's waiting deliveries failed (it was disabled, by hand or by the server). Those
 * in flight finish their attempt and are settled then. Call inside a transaction.
 */
export function failWaitingDeliveries(db: Db, endpointId: string, reason: string, now: string): void {
  db.update(webhookDeliveries)
    .set({ status: 'failed', lastError: `Not delivered: ${reason}`, nextAttemptAt: null, completedAt: now })
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpointId),
        eq(webhookDeliveries.status, 'pending'),
        or(isNull(webhookDeliveries.leaseExpiresAt), lte(webhookDeliveries.leaseExpiresAt, now)),
      ),
    )
    .run();
}

export class DeliveryQueue {
  private readonly due: Statement<DueParams, DueRow>;
  private readonly details: Statement<[string], ClaimRow>;
  private sequence = 0;

  constructor(
    private readonly db: Db,
    private readonly policy: QueuePolicy,
  ) {
    // Per endpoint, at most `perEndpoint` live leases across every process: leases already held
    // (`live`) are subtracted from the endpoint's share, and its due deliveries are ranked by age.
    // A backlog on one endpoint therefore never fills the batch and starves the others.
    this.due = db.$client.prepare<DueParams, DueRow>(`
      WITH live AS (
        SELECT endpoint_id, count(*) AS n FROM webhook_deliveries
        WHERE lease_expires_at > @now AND status = 'pending'
        GROUP BY endpoint_id
      ), due AS (
        SELECT d.id, d.endpoint_id, d.next_attempt_at,
          row_number() OVER (PARTITION BY d.endpoint_id ORDER BY d.next_attempt_at, d.id) AS rank
        FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= @now
          AND (d.lease_expires_at IS NULL OR d.lease_expires_at <= @now)
          AND e.active = 1
      )
      SELECT due.id AS id FROM due LEFT JOIN live ON live.endpoint_id = due.endpoint_id
      WHERE due.rank <= @perEndpoint - coalesce(live.n, 0)
      ORDER BY due.next_attempt_at, due.id
      LIMIT @limit`);
    this.details = db.$client.prepare<[string], ClaimRow>(`
      SELECT d.id AS id, e.id AS endpointId, e.url AS url, e.secret AS secret,
        e.previous_secret AS previousSecret, e.previous_secret_expires_at AS previousSecretExpiresAt,
        ev.payload AS payload
      FROM webhook_deliveries d
      JOIN webhook_endpoints e ON e.id = d.endpoint_id
      JOIN events ev ON ev.id = d.event_id
      WHERE d.id = ?`);
  }

  /**
   * Ends the live leases of local processes that died (see isDeadLocalOwner), so what a crashed
   * server was sending goes out again at once instead of after its lease. Returns how many.
   */
  releaseDeadLeases(isDead: (owner: string | null) => boolean): number {
    const d = webhookDeliveries;
    return releaseDeadLeases(this.db, { table: d, id: d.id, status: d.status, leaseOwner: d.leaseOwner, leaseExpiresAt: d.leaseExpiresAt }, isDead);
  }

  /**
   * Claims up to `limit` due attempts for `owner` until `now + leaseMs`. A lease left by a process
   * that died has expired by then and is simply claimed again.
   */
  claim(owner: string, limit: number, perEndpoint: number, leaseMs: number): ClaimedDelivery[] {
    if (limit <= 0) return [];
    return inTransaction(this.db, () => {
      const now = new Date().toISOString();
      const expires = addMs(now, leaseMs);
      const claimed: ClaimedDelivery[] = [];
      for (const { id } of this.due.all({ now, perEndpoint, limit })) {
        const leaseToken = `${owner}/${++this.sequence}`;
        const taken = this.db
          .update(webhookDeliveries)
          .set({ leaseOwner: leaseToken, leaseExpiresAt: expires })
          .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'pending'), or(isNull(webhookDeliveries.leaseExpiresAt), lte(webhookDeliveries.leaseExpiresAt, now))))
          .run();
        const row = taken.changes === 1 ? this.details.get(id) : undefined;
        if (row === undefined) continue;
        const secrets = [row.secret];
        if (row.previousSecret !== null && row.previousSecretExpiresAt !== null && row.previousSecretExpiresAt > now) secrets.push(row.previousSecret);
        claimed.push({ id, leaseToken, endpointId: row.endpointId, url: row.url, secrets, payload: row.payload });
      }
      return claimed;
    });
  }

  /** Logs the attempt and moves the delivery (and its endpoint's health) on. */
  record(claim: ClaimedDelivery, outcome: AttemptOutcome): Recorded {
    return inTransaction(this.db, () => {
      const now = new Date().toISOString();
      const delivery = this.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, claim.id)).get();
      if (delivery === undefined) return { kind: 'stale' };
      this.db
        .insert(webhookAttempts)
        .values({ deliveryId: claim.id, attemptedAt: outcome.attemptedAt, statusCode: outcome.statusCode, latencyMs: outcome.latencyMs, error: outcome.error, responseBody: outcome.responseBody })
        .run();
      // The attempt happened and is logged either way; the delivery's state belongs to whoever holds the lease.
      if (delivery.leaseOwner !== claim.leaseToken) return { kind: 'stale' };
      const endpoint = this.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, delivery.endpointId)).get();
      if (endpoint === undefined) return { kind: 'stale' };
      const attempts = delivery.attempts + 1;
      const settled = { attempts, lastStatusCode: outcome.statusCode, lastError: outcome.error, leaseOwner: null, leaseExpiresAt: null };

      if (outcome.error === null) {
        this.db.update(webhookDeliveries).set({ ...settled, status: 'succeeded', nextAttemptAt: null, completedAt: now }).where(eq(webhookDeliveries.id, claim.id)).run();
        if (endpoint.failingSince !== null) this.db.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, endpoint.id)).run();
        return { kind: 'succeeded' };
      }

      const failingSince = endpoint.failingSince ?? now;
      let disableReason: string | undefined;
      if (endpoint.active && outcome.statusCode === 410) {
        disableReason = `The endpoint answered 410 Gone on ${now}.`;
      } else if (endpoint.active && Date.parse(now) - Date.parse(failingSince) >= this.policy.disableAfterMs) {
        disableReason = `Every attempt failed from ${failingSince} to ${now}; the last error: ${outcome.error}`;
      }
      const limit = delivery.attemptLimit ?? this.policy.retryDelays.length;
      const final = attempts >= limit || !endpoint.active || disableReason !== undefined;
      if (final) {
        this.db.update(webhookDeliveries).set({ ...settled, status: 'failed', nextAttemptAt: null, completedAt: now }).where(eq(webhookDeliveries.id, claim.id)).run();
      } else {
        const delay = this.policy.retryDelays[attempts] ?? this.policy.retryDelays.at(-1) ?? 0;
        this.db.update(webhookDeliveries).set({ ...settled, nextAttemptAt: addMs(now, withJitter(delay)) }).where(eq(webhookDeliveries.id, claim.id)).run();
      }
      if (disableReason !== undefined) {
        this.db.update(webhookEndpoints).set({ active: false, disabledReason: disableReason, failingSince, updatedAt: now }).where(eq(webhookEndpoints.id, endpoint.id)).run();
        failWaitingDeliveries(this.db, endpoint.id, 'the endpoint was disabled', now);
        return { kind: 'disabled', endpointId: endpoint.id, reason: disableReason };
      }
      if (endpoint.failingSince === null) this.db.update(webhookEndpoints).set({ failingSince }).where(eq(webhookEndpoints.id, endpoint.id)).run();
      return { kind: final ? 'failed' : 'retry' };
    });
  }

  /**
   * When the queue next needs a look: the earliest future attempt of an active endpoint, or the
   * earliest live lease (its holder may die and leave it to us). Undefined when nothing waits.
   */
  nextWakeAt(): string | undefined {
    const now = new Date().toISOString();
    const nextAttempt = this.db
      .select({ at: min(webhookDeliveries.nextAttemptAt) })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(and(eq(webhookDeliveries.status, 'pending'), gt(webhookDeliveries.nextAttemptAt, now), eq(webhookEndpoints.active, true)))
      .get()?.at;
    const leaseEnd = this.db
      .select({ at: min(webhookDeliveries.leaseExpiresAt) })
      .from(webhookDeliveries)
      .where(and(gt(webhookDeliveries.leaseExpiresAt, now), eq(webhookDeliveries.status, 'pending')))
      .get()?.at;
    const times = [nextAttempt, leaseEnd].filter((at): at is string => typeof at === 'string');
    return times.length === 0 ? undefined : times.sort()[0];
  }

  /**
   * Deletes finished deliveries (with their attempts) completed before `cutoff`, then events that
   * old which no delivery refers to any more. In small batches, each its own transaction, so the
   * sweep never holds the write lock for long. Returns the number of deliveries deleted.
   */
  prune(cutoff: string, batch = 500): number {
    let deleted = 0;
    for (;;) {
      const n = inTransaction(this.db, () => {
        const old = this.db
          .select({ id: webhookDeliveries.id })
          .from(webhookDeliveries)
          .where(and(isNotNull(webhookDeliveries.completedAt), lte(webhookDeliveries.completedAt, cutoff)))
          .limit(batch);
        return this.db.delete(webhookDeliveries).where(inArray(webhookDeliveries.id, old)).run().changes;
      });
      deleted += n;
      if (n < batch) break;
    }
    for (;;) {
      const n = inTransaction(this.db, () => {
        const orphans = this.db
          .select({ id: events.id })
          .from(events)
          .where(and(lte(events.createdAt, cutoff), notExists(this.db.select({ one: sql`1` }).from(webhookDeliveries).where(eq(webhookDeliveries.eventId, events.id)))))
          .limit(batch);
        return this.db.delete(events).where(inArray(events.id, orphans)).run().changes;
      });
      if (n < batch) break;
    }
    return deleted;
  }
}
