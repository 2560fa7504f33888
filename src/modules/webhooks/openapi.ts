import { Type, type TSchema } from 'typebox';
import { Nullable } from '../../http/schemas.js';
import { Article, ArticleSnapshot } from '../articles/schemas.js';
import { Subscriber } from '../subscribers/schemas.js';
import { Tag } from '../tags/schemas.js';
import { WebhookEndpoint } from './schemas.js';

/**
 * The OpenAPI document's top-level `webhooks` section (OpenAPI 3.1 §4.8.1): what a receiver gets
 * for every event. The payload schemas are registered as shared schemas, so they appear once under
 * `components/schemas` and each event refers to its own.
 */

const Deleted = (description: string, withSlug: boolean) =>
  Type.Object(withSlug ? { id: Type.String(), slug: Type.String() } : { id: Type.String() }, { description });

const envelope = (id: string, types: readonly string[], data: TSchema, previous?: TSchema, description?: string) => ({
  $id: id,
  ...Type.Object(
    {
      type: Type.Enum([...types]),
      timestamp: Type.String({ format: 'date-time', description: 'When the event happened (ISO 8601 UTC)' }),
      data,
      ...(previous === undefined ? {} : { previous }),
    },
    { description: description ?? `The body of ${types.map((type) => `\`${type}\``).join(', ')}` },
  ),
});

const ArticlePrevious = Type.Partial(Type.Object({ ...ArticleSnapshot.properties, related: Article.properties.related }), {
  description: 'The previous values of the fields that changed (only those)',
});
const SubscriberPrevious = Type.Object(
  { status: Type.Enum(['pending', 'active', 'unsubscribed']) },
  { description: 'For `subscriber.confirmed` and `subscriber.unsubscribed`: the status before' },
);
const TagPrevious = Type.Partial(Type.Object({ name: Type.String(), slug: Type.String(), description: Nullable(Type.String()) }), {
  description: 'The previous values of the fields that changed (only those)',
});

/** Shared schemas for `app.addSchema`, named by `$id` in the document's components. */
export const webhookEventSchemas = [
  envelope('ArticleEvent', ['article.created', 'article.published', 'article.unpublished'], Article),
  envelope('ArticleUpdatedEvent', ['article.updated'], Article, ArticlePrevious),
  envelope('ArticleDeletedEvent', ['article.deleted'], Deleted('The deleted article', true)),
  envelope('TagEvent', ['tag.created'], Tag),
  envelope('TagUpdatedEvent', ['tag.updated'], Tag, TagPrevious),
  envelope('TagDeletedEvent', ['tag.deleted'], Deleted('The deleted tag', true)),
  envelope('SubscriberEvent', ['subscriber.created', 'subscriber.confirmed', 'subscriber.unsubscribed'], Subscriber, Type.Optional(SubscriberPrevious)),
  envelope('SubscriberDeletedEvent', ['subscriber.deleted'], Deleted('The erased subscriber: nothing but the id is kept', false)),
  envelope('PingEvent', ['ping'], WebhookEndpoint, undefined, 'The body of `ping`: `data` is the endpoint as the API shows it'),
];

const EVENTS: [type: string, schema: string, summary: string][] = [
  ['article.created', 'ArticleEvent', 'An article was created (any status)'],
  ['article.updated', 'ArticleUpdatedEvent', 'An article changed: its fields, tags or related links, or a restore; `previous` has the old values'],
  ['article.deleted', 'ArticleDeletedEvent', 'An article was deleted'],
  ['article.published', 'ArticleEvent', 'An article became visible to readers: published by hand, or by the scheduler when its time came'],
  ['article.unpublished', 'ArticleEvent', 'An article stopped being visible (back to draft, archived, or rescheduled)'],
  ['tag.created', 'TagEvent', 'A tag was created (also when an article names a new one)'],
  ['tag.updated', 'TagUpdatedEvent', 'A tag was renamed or its description changed'],
  ['tag.deleted', 'TagDeletedEvent', 'A tag was deleted'],
  ['subscriber.created', 'SubscriberEvent', 'Someone signed up to the newsletter (pending confirmation)'],
  ['subscriber.confirmed', 'SubscriberEvent', 'A subscriber confirmed their address'],
  ['subscriber.unsubscribed', 'SubscriberEvent', 'A subscriber unsubscribed'],
  ['subscriber.deleted', 'SubscriberDeletedEvent', 'A subscriber was erased'],
  ['ping', 'PingEvent', 'Sent by `POST /webhooks/{id}/ping` to test an endpoint'],
];

const header = (name: string, description: string, example: string) => ({ name, in: 'header' as const, required: true, description, schema: { type: 'string' as const }, example });

const HEADERS = [
  header('webhook-id', 'The delivery id: one per event and endpoint, the same on every retry. Use it to ignore duplicates.', 'msg_01jfz3c8m2q5r7t9v1w3x5y7z9'),
  header('webhook-timestamp', 'Unix seconds when this attempt was signed. Reject messages too far from your clock (e.g. 5 minutes) to stop replays.', '1735459200'),
  header(
    'webhook-signature',
    'Space-separated `v1,<base64>` signatures: HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{raw body}` keyed with the base64-decoded secret after `whsec_`. ' +
      'Accept the message when any one matches (two are sent for 24 hours after a secret rotation).',
    'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  ),
];

/** The `webhooks` object for @fastify/swagger's `openapi` options. */
export const webhookDocs = Object.fromEntries(
  EVENTS.map(([type, schema, summary]) => [
    type,
    {
      post: {
        operationId: `${type.replace(/\.(\w)/, (_match, letter: string) => letter.toUpperCase())}Webhook`,
        tags: ['Webhooks'],
        summary,
        description:
          'POSTed to every active endpoint subscribed to this event (or to `*`), signed per Standard Webhooks. Answer 2xx within the timeout; anything else (a redirect included) is retried ' +
          'on the `CMS_WEBHOOK_RETRY_DELAYS` schedule. 410 Gone disables the endpoint.',
        parameters: HEADERS,
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } },
        responses: {
          '2XX': { description: 'Received. The body is ignored (its first 4 KiB are kept in the attempt log).' },
          '410': { description: 'The endpoint is gone: the server disables it and sends nothing more' },
        },
      },
    },
  ]),
);
