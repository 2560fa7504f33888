import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { events, webhookDeliveries, webhookEndpoints } from '../../db/schema.js';
import { nowIso } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';

/** The events of the contract, in the order it lists them. */
export const EVENT_TYPES = [
  'article.created',
  'article.updated',
  'article.deleted',
  'article.published',
  'article.unpublished',
  'tag.created',
  'tag.updated',
  'tag.deleted',
  'subscriber.created',
  'subscriber.confirmed',
  'subscriber.unsubscribed',
  'subscriber.deleted',
  'ping',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface EmitOptions {
  /** For `*.updated`: the previous values of the fields that changed. */
  previous?: Record<string, unknown>;
  /** The person or resource the event is about, so an erasure can find it. */
  subjectId?: string;
}

/**
 * The transactional outbox. Services call `emit` inside the transaction of the change, so the
 * event and its deliveries (one per active endpoint that wants it) commit or roll back with it;
 * listeners (the webhook dispatcher, the scheduler) are woken after the transaction has ended.
 */
export class Outbox {
  private readonly listeners = new Set<(delivered: boolean) => void>();
  private wakeScheduled = false;
  /** Whether the events since the last wake created deliveries (else the dispatcher need not look). */
  private deliveriesWritten = false;
  private readonly activeEndpoints;

  constructor(private readonly db: Db) {
    this.activeEndpoints = db.select({ id: webhookEndpoints.id, events: webhookEndpoints.events }).from(webhookEndpoints).where(eq(webhookEndpoints.active, sql.placeholder('active'))).prepare();
  }

  /**
   * Records the event for every active endpoint that wants it. An event nobody subscribed to is
   * not stored: the outbox exists to deliver, and the archive's content is in its own tables.
   * Returns the event id, or undefined when there was no one to tell.
   */
  emit(type: EventType, data: unknown, options: EmitOptions = {}): string | undefined {
    this.scheduleWake();
    const targets = this.activeEndpoints.all({ active: 1 }).filter((endpoint) => {
      const wanted = JSON.parse(endpoint.events) as string[];
      return wanted.includes('*') || wanted.includes(type);
    });
    if (targets.length === 0) return undefined;
    const now = nowIso();
    const id = newId('evt');
    const body: Record<string, unknown> = { type, timestamp: now, data };
    if (options.previous !== undefined) body['previous'] = options.previous;
    this.db.insert(events).values({ id, type, payload: JSON.stringify(body), subjectId: options.subjectId ?? null, createdAt: now }).run();
    this.db
      .insert(webhookDeliveries)
      .values(targets.map((endpoint) => ({ id: newId('msg'), endpointId: endpoint.id, eventId: id, type, status: 'pending' as const, nextAttemptAt: now, createdAt: now })))
      .run();
    this.deliveriesWritten = true;
    return id;
  }

  /**
   * `listener` runs soon after any transaction that emitted events has ended, told whether
   * deliveries were written (a rolled-back transaction may have written none after all).
   */
  onEmit(listener: (deliveriesWritten: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private scheduleWake(): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    // setImmediate runs after the current synchronous transaction has committed or rolled back.
    setImmediate(() => {
      this.wakeScheduled = false;
      const delivered = this.deliveriesWritten;
      this.deliveriesWritten = false;
      for (const listener of this.listeners) listener(delivered);
    });
  }
}
