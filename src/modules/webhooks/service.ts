import { and, asc, count, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { events, webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError } from '../../http/errors.js';
import { nowIso } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { failWaitingDeliveries } from './queue.js';
import type {
  CreatedWebhookEndpoint,
  CreateWebhookBody,
  Delivery,
  DeliveryDetail,
  DeliveryListQuery,
  UpdateWebhookBody,
  WebhookEndpoint,
  WebhookListQuery,
} from './schemas.js';
import { newSecret } from './signing.js';
import { UrlNotAllowedError, type UrlGuard } from './ssrf.js';

type EndpointRow = typeof webhookEndpoints.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;

/** How long a rotated-out secret keeps signing next to the new one, so receivers can switch over. */
export const PREVIOUS_SECRET_TTL_MS = 24 * 60 * 60 * 1000;

const notFound = (id: string): AppError => new AppError('WEBHOOK_NOT_FOUND', `No webhook endpoint has the id "${id}".`);
const deliveryNotFound = (id: string, deliveryId: string): AppError =>
  new AppError('DELIVERY_NOT_FOUND', `The webhook endpoint "${id}" has no delivery "${deliveryId}".`);

function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    eventId: row.eventId,
    type: row.type,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt : null,
    createdAt: row.createdAt,
    completedAt: row.completedAt,
  };
}

/** Endpoint CRUD, secrets, and the delivery log. Deliveries themselves are made by the dispatcher. */
export class WebhooksService {
  constructor(
    private readonly db: Db,
    private readonly guard: UrlGuard,
    /** Called after a commit that queued a delivery (ping, redeliver): wakes the dispatcher. */
    private readonly onQueued: () => void,
    private readonly allowPrivate: boolean,
  ) {}

  async create(input: CreateWebhookBody): Promise<CreatedWebhookEndpoint> {
    const url = await this.checkUrl(input.url);
    const eventNames = this.checkEvents(input.events ?? ['*']);
    const now = nowIso();
    const row: EndpointRow = {
      id: newId('whk'),
      url,
      events: JSON.stringify(eventNames),
      active: input.active ?? true,
      description: input.description ?? null,
      secret: newSecret(),
      previousSecret: null,
      previousSecretExpiresAt: null,
      failingSince: null,
      disabledReason: null,
      createdAt: now,
      updatedAt: now,
    };
    this.db.insert(webhookEndpoints).values(row).run();
    return { ...this.represent(row), secret: row.secret };
  }

  list(query: WebhookListQuery): { items: WebhookEndpoint[]; total: number; page: number; limit: number } {
    const page = query.page ?? 1;
    const limit = query.limit ?? 20;
    const rows = this.db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id)).limit(limit).offset((page - 1) * limit).all();
    const total = this.db.select({ n: count() }).from(webhookEndpoints).get()?.n ?? 0;
    return { items: rows.map((row) => this.represent(row)), total, page, limit };
  }

  get(id: string): WebhookEndpoint {
    return this.represent(this.findRow(id));
  }

  async update(id: string, patch: UpdateWebhookBody): Promise<WebhookEndpoint> {
    // DNS first, outside the transaction: a lookup must never hold SQLite's write lock.
    const url = patch.url === undefined ? undefined : await this.checkUrl(patch.url);
    const eventNames = patch.events === undefined ? undefined : this.checkEvents(patch.events);
    return inTransaction(this.db, () => {
      const row = this.findRow(id);
      const now = nowIso();
      const changes: Partial<EndpointRow> = {};
      if (url !== undefined && url !== row.url) changes.url = url;
      if (eventNames !== undefined && JSON.stringify(eventNames) !== row.events) changes.events = JSON.stringify(eventNames);
      if (patch.description !== undefined && patch.description !== row.description) changes.description = patch.description;
      if (patch.active === true && !row.active) {
        // Re-enabling starts afresh: the old failure streak would otherwise disable it again at once.
        Object.assign(changes, { active: true, disabledReason: null, failingSince: null });
      } else if (patch.active === false && row.active) {
        Object.assign(changes, { active: false, disabledReason: null });
        failWaitingDeliveries(this.db, row.id, 'the endpoint was deactivated', now);
      }
      if (Object.keys(changes).length === 0) return this.represent(row);
      const updated: EndpointRow = { ...row, ...changes, updatedAt: now };
      this.db.update(webhookEndpoints).set({ ...changes, updatedAt: now }).where(eq(webhookEndpoints.id, row.id)).run();
      return this.represent(updated);
    });
  }

  /** Deletes the endpoint with its deliveries and their attempt log. Attempts in flight finish unrecorded. */
  delete(id: string): void {
    const result = this.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).run();
    if (result.changes === 0) throw notFound(id);
  }

  /**
   * Queues a `ping` event to this endpoint only, whatever events it subscribes to: a way to check
   * the receiver and its signature verification. The event goes through the outbox tables like
   * any other, so it is logged, retried and redeliverable.
   */
  ping(id: string): Delivery {
    const delivery = inTransaction(this.db, () => {
      const row = this.findRow(id);
      this.assertActive(row, 'ping');
      const now = nowIso();
      const eventId = newId('evt');
      const payload = JSON.stringify({ type: 'ping', timestamp: now, data: this.represent(row) });
      this.db.insert(events).values({ id: eventId, type: 'ping', payload, subjectId: row.id, createdAt: now }).run();
      const delivery: DeliveryRow = {
        id: newId('msg'),
        endpointId: row.id,
        eventId,
        type: 'ping',
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        leaseOwner: null,
        leaseExpiresAt: null,
        lastStatusCode: null,
        lastError: null,
        attemptLimit: null,
        createdAt: now,
        completedAt: null,
      };
      this.db.insert(webhookDeliveries).values(delivery).run();
      return toDelivery(delivery);
    });
    this.onQueued();
    return delivery;
  }

  listDeliveries(id: string, query: DeliveryListQuery): { items: Delivery[]; total: number; page: number; limit: number } {
    const page = query.page ?? 1;
    const limit = query.limit ?? 20;
    this.findRow(id);
    const where: SQL | undefined = and(eq(webhookDeliveries.endpointId, id), query.status === undefined ? undefined : eq(webhookDeliveries.status, query.status));
    const rows = this.db
      .select()
      .from(webhookDeliveries)
      .where(where)
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(limit)
      .offset((page - 1) * limit)
      .all();
    const total = this.db.select({ n: count() }).from(webhookDeliveries).where(where).get()?.n ?? 0;
    return { items: rows.map(toDelivery), total, page, limit };
  }

  /** One delivery with the payload it carries and every attempt made. */
  getDelivery(id: string, deliveryId: string): DeliveryDetail {
    this.findRow(id);
    const found = this.db
      .select({ delivery: webhookDeliveries, payload: events.payload })
      .from(webhookDeliveries)
      .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, id)))
      .get();
    if (found === undefined) throw deliveryNotFound(id, deliveryId);
    const attemptLog = this.db
      .select({
        attemptedAt: webhookAttempts.attemptedAt,
        statusCode: webhookAttempts.statusCode,
        latencyMs: webhookAttempts.latencyMs,
        error: webhookAttempts.error,
        responseBody: webhookAttempts.responseBody,
      })
      .from(webhookAttempts)
      .where(eq(webhookAttempts.deliveryId, deliveryId))
      .orderBy(asc(webhookAttempts.id))
      .all();
    return { ...toDelivery(found.delivery), payload: JSON.parse(found.payload) as unknown, attemptLog };
  }

  /**
   * One more attempt, now, with the same `webhook-id`. A finished delivery gets exactly one attempt
   * (a failure leaves it `failed` again); a waiting one is simply moved forward in its schedule.
   */
  redeliver(id: string, deliveryId: string): Delivery {
    const delivery = inTransaction(this.db, () => {
      const endpoint = this.findRow(id);
      const row = this.db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, id)))
        .get();
      if (row === undefined) throw deliveryNotFound(id, deliveryId);
      this.assertActive(endpoint, 'redeliver to');
      const now = nowIso();
      if (row.status === 'pending' && row.leaseExpiresAt !== null && row.leaseExpiresAt > now) {
        throw new AppError('DELIVERY_IN_PROGRESS', `An attempt of delivery "${deliveryId}" is in progress; its outcome will show in the delivery log shortly.`);
      }
      const changes: Partial<DeliveryRow> =
        row.status === 'pending'
          ? { nextAttemptAt: now }
          : { status: 'pending', nextAttemptAt: now, completedAt: null, attemptLimit: row.attempts + 1 };
      this.db
        .update(webhookDeliveries)
        .set(changes)
        .where(eq(webhookDeliveries.id, row.id))
        .run();
      return toDelivery({ ...row, ...changes });
    });
    this.onQueued();
    return delivery;
  }

  /**
   * A new secret, shown once. The previous one keeps signing alongside it for 24 hours (two
   * signatures in `webhook-signature`), so receivers can deploy the new secret without losing
   * events. Rotating again within that window retires the older secret at once.
   */
  rotateSecret(id: string): CreatedWebhookEndpoint {
    return inTransaction(this.db, () => {
      const row = this.findRow(id);
      const now = nowIso();
      const updated: EndpointRow = {
        ...row,
        secret: newSecret(),
        previousSecret: row.secret,
        previousSecretExpiresAt: new Date(Date.parse(now) + PREVIOUS_SECRET_TTL_MS).toISOString(),
        updatedAt: now,
      };
      this.db
        .update(webhookEndpoints)
        .set({ secret: updated.secret, previousSecret: updated.previousSecret, previousSecretExpiresAt: updated.previousSecretExpiresAt, updatedAt: now })
        .where(eq(webhookEndpoints.id, row.id))
        .run();
      return { ...this.represent(updated), secret: updated.secret };
    });
  }

  private findRow(id: string): EndpointRow {
    const row = this.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get();
    if (row === undefined) throw notFound(id);
    return row;
  }

  private assertActive(row: EndpointRow, action: string): void {
    if (row.active) return;
    const why = row.disabledReason === null ? 'it was deactivated' : `it was disabled: ${row.disabledReason}`;
    throw new AppError('WEBHOOK_INACTIVE', `Cannot ${action} the endpoint "${row.id}": ${why.endsWith('.') ? why : `${why}.`} Re-enable it first with PATCH { "active": true }.`);
  }

  private represent(row: EndpointRow): WebhookEndpoint {
    const now = nowIso();
    return {
      id: row.id,
      url: row.url,
      events: JSON.parse(row.events) as WebhookEndpoint['events'],
      active: row.active,
      description: row.description,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      failingSince: row.failingSince,
      disabledReason: row.disabledReason,
      previousSecretExpiresAt: row.previousSecretExpiresAt !== null && row.previousSecretExpiresAt > now ? row.previousSecretExpiresAt : null,
    };
  }

  /** `"*"` means every event; mixing it with names is ambiguous, so it must stand alone. */
  private checkEvents(names: readonly WebhookEndpoint['events'][number][]): WebhookEndpoint['events'] {
    if (names.includes('*') && names.length > 1) {
      throw new AppError('VALIDATION_FAILED', '"*" already means every event; give it alone (["*"]) or list event names without it.', {
        errors: [{ path: '/events', message: 'must be ["*"] or a list of event names', in: 'body' }],
      });
    }
    return [...names];
  }

  private async checkUrl(value: string): Promise<string> {
    try {
      await this.guard.check(value);
      return value;
    } catch (error) {
      if (!(error instanceof UrlNotAllowedError)) throw error;
      const hint = error.kind === 'address' && !this.allowPrivate ? ' (Private targets are allowed only when the server sets CMS_WEBHOOK_ALLOW_PRIVATE=true.)' : '';
      const errors = [{ path: '/url', message: error.kind === 'resolve' ? 'does not resolve' : 'is not allowed', in: 'body' as const }];
      throw new AppError(error.kind === 'resolve' ? 'URL_UNRESOLVABLE' : 'URL_NOT_ALLOWED', `${error.message}${hint}`, { errors });
    }
  }
}
