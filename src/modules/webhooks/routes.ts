import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { pageMeta, problemResponses } from '../../http/schemas.js';
import {
  CreatedWebhookEndpoint,
  CreateWebhookBody,
  Delivery,
  DeliveryDetail,
  DeliveryList,
  DeliveryListQuery,
  DeliveryParams,
  UpdateWebhookBody,
  WebhookEndpoint,
  WebhookList,
  WebhookListQuery,
  WebhookParams,
} from './schemas.js';
import type { WebhooksService } from './service.js';

const tags = ['Webhooks'];
const admin = { role: 'admin' as const };
/** Creating or re-pointing an endpoint awaits a DNS check before it writes: not in a group (see GroupCommit). */
const adminAwaitingDns = { ...admin, groupCommit: false as const };

export const webhookRoutes: FastifyPluginAsyncTypebox<{ webhooks: WebhooksService; publicUrl: string }> = async (app, { webhooks, publicUrl }) => {
  app.post('/webhooks', {
    config: adminAwaitingDns,
    schema: {
      operationId: 'createWebhook',
      tags,
      summary: 'Register a webhook endpoint',
      description:
        'The URL must be http(s) and resolve to public addresses only (loopback, private, link-local, unique-local, multicast and unspecified addresses are refused, checked again at every delivery). ' +
        'The signing `secret` is in this response only.',
      body: CreateWebhookBody,
      response: { 201: CreatedWebhookEndpoint, ...problemResponses(400, 413, 415) },
    },
    handler: async (request, reply) => {
      const created = await webhooks.create(request.body);
      return reply.code(201).header('location', `${publicUrl}/webhooks/${created.id}`).header('cache-control', 'no-store').send(created);
    },
  });

  app.get('/webhooks', {
    config: admin,
    schema: {
      operationId: 'listWebhooks',
      tags,
      summary: 'List webhook endpoints',
      description: 'Oldest first. Never includes the secrets.',
      querystring: WebhookListQuery,
      response: { 200: WebhookList, ...problemResponses(400) },
    },
    handler: async (request) => {
      const { items, total, page, limit } = webhooks.list(request.query);
      return { data: items, meta: pageMeta(page, limit, total) };
    },
  });

  app.get('/webhooks/:id', {
    config: admin,
    schema: {
      operationId: 'getWebhook',
      tags,
      summary: 'Get a webhook endpoint',
      description: '`failingSince` and `disabledReason` show its health: the server disables an endpoint that answers 410 Gone or has failed without a success for too long.',
      params: WebhookParams,
      response: { 200: WebhookEndpoint, ...problemResponses(404) },
    },
    handler: async (request) => webhooks.get(request.params.id),
  });

  app.patch('/webhooks/:id', {
    config: adminAwaitingDns,
    schema: {
      operationId: 'updateWebhook',
      tags,
      summary: 'Update a webhook endpoint',
      description:
        '`active: true` re-enables a disabled endpoint (clearing `disabledReason` and `failingSince`). `active: false` stops deliveries: ' +
        'waiting ones are marked `failed` and can be redelivered after re-enabling.',
      params: WebhookParams,
      body: UpdateWebhookBody,
      response: { 200: WebhookEndpoint, ...problemResponses(400, 404, 413, 415) },
    },
    handler: async (request) => webhooks.update(request.params.id, request.body),
  });

  app.delete('/webhooks/:id', {
    config: admin,
    schema: {
      operationId: 'deleteWebhook',
      tags,
      summary: 'Delete a webhook endpoint',
      description: 'Its deliveries and their log go with it.',
      params: WebhookParams,
      response: { 204: { type: 'null', description: 'Deleted' }, ...problemResponses(404) },
    },
    handler: async (request, reply) => {
      webhooks.delete(request.params.id);
      return reply.code(204).send(null);
    },
  });

  app.post('/webhooks/:id/ping', {
    config: admin,
    schema: {
      operationId: 'pingWebhook',
      tags,
      summary: 'Send a ping event',
      description: 'Queues a `ping` event to this endpoint only, whatever its `events`; the answer is the queued delivery. Refused (409) for an inactive endpoint.',
      params: WebhookParams,
      response: { 202: Delivery, ...problemResponses(404, 409) },
    },
    handler: async (request, reply) => reply.code(202).send(webhooks.ping(request.params.id)),
  });

  app.get('/webhooks/:id/deliveries', {
    config: admin,
    schema: {
      operationId: 'listWebhookDeliveries',
      tags,
      summary: 'List an endpoint’s deliveries',
      description: 'Newest first; `status` filters. Finished deliveries are kept for `CMS_WEBHOOK_RETENTION_DAYS`.',
      params: WebhookParams,
      querystring: DeliveryListQuery,
      response: { 200: DeliveryList, ...problemResponses(400, 404) },
    },
    handler: async (request) => {
      const { items, total, page, limit } = webhooks.listDeliveries(request.params.id, request.query);
      return { data: items, meta: pageMeta(page, limit, total) };
    },
  });

  app.get('/webhooks/:id/deliveries/:deliveryId', {
    config: admin,
    schema: {
      operationId: 'getWebhookDelivery',
      tags,
      summary: 'Get a delivery with its attempt log',
      description: 'The payload sent and every attempt: status code, latency, error and the first 4 KiB of the response.',
      params: DeliveryParams,
      response: { 200: DeliveryDetail, ...problemResponses(404) },
    },
    handler: async (request) => webhooks.getDelivery(request.params.id, request.params.deliveryId),
  });

  app.post('/webhooks/:id/deliveries/:deliveryId/redeliver', {
    config: admin,
    schema: {
      operationId: 'redeliverWebhook',
      tags,
      summary: 'Redeliver an event',
      description:
        'One new attempt now, with the same `webhook-id`. A finished delivery gets exactly one attempt; a waiting one is moved forward. ' +
        '409 while an attempt is in flight or the endpoint is inactive.',
      params: DeliveryParams,
      response: { 202: Delivery, ...problemResponses(404, 409) },
    },
    handler: async (request, reply) => reply.code(202).send(webhooks.redeliver(request.params.id, request.params.deliveryId)),
  });

  app.post('/webhooks/:id/rotate-secret', {
    config: admin,
    schema: {
      operationId: 'rotateWebhookSecret',
      tags,
      summary: 'Rotate the signing secret',
      description:
        'Answers the endpoint with its new `secret`, shown only here. For 24 hours (`previousSecretExpiresAt`) every delivery carries two signatures in `webhook-signature`, ' +
        'one per secret, so the receiver can switch to the new secret without missing events.',
      params: WebhookParams,
      response: { 200: CreatedWebhookEndpoint, ...problemResponses(404) },
    },
    handler: async (request, reply) => reply.header('cache-control', 'no-store').send(webhooks.rotateSecret(request.params.id)),
  });
};
