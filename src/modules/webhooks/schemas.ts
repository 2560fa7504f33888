import { Type, type Static } from 'typebox';
import { Nullable, PageQueryProperties, Paged, Timestamp } from '../../http/schemas.js';
import { EVENT_TYPES } from '../events/outbox.js';

export const EventName = Type.Enum([...EVENT_TYPES, '*'], { description: 'An event type, or `*` for every event' });

const WebhookId = Type.String({ examples: ['whk_01jfz3c8m2q5r7t9v1w3x5y7z9'] });
const WebhookUrl = Type.String({
  minLength: 1,
  maxLength: 2048,
  format: 'uri',
  description: 'An http(s) URL that resolves to public addresses only (unless the server allows private ones)',
  examples: ['https://search-indexer.news.example/hooks/cms'],
});
const Events = Type.Array(EventName, {
  minItems: 1,
  maxItems: EVENT_TYPES.length + 1,
  uniqueItems: true,
  description: 'The event types to receive, or `["*"]` for all of them. `ping` is always delivered when asked for.',
  examples: [['article.published', 'article.updated', 'article.unpublished', 'article.deleted']],
});
const Description = Nullable(Type.String({ maxLength: 500 }));

export const WebhookEndpoint = Type.Object({
  id: WebhookId,
  url: WebhookUrl,
  events: Type.Array(EventName),
  active: Type.Boolean({ description: 'Inactive endpoints receive nothing; events meanwhile are not queued for them' }),
  description: Description,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  failingSince: Nullable(Type.String({ format: 'date-time', description: 'When the current run of failed attempts began; null after a success' })),
  disabledReason: Nullable(Type.String({ description: 'Why the server disabled the endpoint (410 Gone, or failing too long); null otherwise' })),
  previousSecretExpiresAt: Nullable(
    Type.String({ format: 'date-time', description: 'After a rotation, until when the previous secret still signs alongside the new one' }),
  ),
});
export type WebhookEndpoint = Static<typeof WebhookEndpoint>;

const Secret = Type.String({
  pattern: '^whsec_[A-Za-z0-9+/]+=*$',
  description: '`whsec_` + base64 of 32 random bytes. Shown only in this response: store it now.',
  examples: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw4hTOlYyQ0Aw='],
});

export const CreatedWebhookEndpoint = Type.Object({ ...WebhookEndpoint.properties, secret: Secret });
export type CreatedWebhookEndpoint = Static<typeof CreatedWebhookEndpoint>;

export const CreateWebhookBody = Type.Object(
  {
    url: WebhookUrl,
    events: Type.Optional(Events),
    description: Type.Optional(Description),
    active: Type.Optional(Type.Boolean({ default: true })),
  },
  {
    additionalProperties: false,
    description: 'Without `events`, the endpoint receives every event (`["*"]`).',
    examples: [{ url: 'https://search-indexer.news.example/hooks/cms', events: ['article.published', 'article.updated', 'article.unpublished', 'article.deleted'], description: 'Search index' }],
  },
);
export type CreateWebhookBody = Static<typeof CreateWebhookBody>;

export const UpdateWebhookBody = Type.Object(
  {
    url: Type.Optional(WebhookUrl),
    events: Type.Optional(Events),
    description: Type.Optional(Description),
    active: Type.Optional(Type.Boolean({ description: '`true` re-enables a disabled endpoint and clears `disabledReason` and `failingSince`' })),
  },
  { additionalProperties: false, description: 'Only the fields given change.', examples: [{ active: true }, { events: ['*'] }] },
);
export type UpdateWebhookBody = Static<typeof UpdateWebhookBody>;

export const WebhookListQuery = Type.Object(PageQueryProperties, { additionalProperties: false });
export type WebhookListQuery = Static<typeof WebhookListQuery>;
export const WebhookList = Paged(WebhookEndpoint);

export const WebhookParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, description: 'The endpoint id' }) });

export const DeliveryStatus = Type.Enum(['pending', 'succeeded', 'failed'], {
  description: '`pending`: attempts remain; `succeeded`: a 2xx answer; `failed`: every attempt failed, or the endpoint was disabled',
});
export type DeliveryStatus = Static<typeof DeliveryStatus>;

export const Delivery = Type.Object({
  id: Type.String({ description: 'Also the `webhook-id` header: the same on every attempt', examples: ['msg_01jfz3c8m2q5r7t9v1w3x5y7z9'] }),
  eventId: Type.String({ examples: ['evt_01jfz3c8m2q5r7t9v1w3x5y7z9'] }),
  type: Type.String({ examples: ['article.published'] }),
  status: DeliveryStatus,
  attempts: Type.Integer({ minimum: 0, description: 'Attempts made so far' }),
  lastStatusCode: Nullable(Type.Integer({ description: 'HTTP status of the last attempt; null when it got no answer' })),
  lastError: Nullable(Type.String({ description: 'What went wrong on the last attempt' })),
  nextAttemptAt: Nullable(Type.String({ format: 'date-time', description: 'When the next attempt is due; null unless pending' })),
  createdAt: Timestamp,
  completedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type Delivery = Static<typeof Delivery>;

export const Attempt = Type.Object({
  attemptedAt: Timestamp,
  statusCode: Nullable(Type.Integer()),
  latencyMs: Type.Integer({ minimum: 0 }),
  error: Nullable(Type.String()),
  responseBody: Nullable(Type.String({ description: 'The first 4 KiB of the response body' })),
});
export type Attempt = Static<typeof Attempt>;

export const DeliveryDetail = Type.Object({
  ...Delivery.properties,
  payload: Type.Unknown({ description: 'The body sent: `{ type, timestamp, data, previous? }`' }),
  attemptLog: Type.Array(Attempt, { description: 'Every attempt, oldest first' }),
});
export type DeliveryDetail = Static<typeof DeliveryDetail>;

export const DeliveryListQuery = Type.Object(
  { ...PageQueryProperties, status: Type.Optional(DeliveryStatus) },
  { additionalProperties: false },
);
export type DeliveryListQuery = Static<typeof DeliveryListQuery>;
export const DeliveryList = Paged(Delivery);

export const DeliveryParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100, description: 'The endpoint id' }),
  deliveryId: Type.String({ minLength: 1, maxLength: 100, description: 'The delivery id (`webhook-id`)' }),
});
