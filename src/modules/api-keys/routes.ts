import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { pageMeta, problemResponses } from '../../http/schemas.js';
import { ApiKey, ApiKeyList, ApiKeyListQuery, ApiKeyParams, CreateApiKeyBody, CreatedApiKey } from './schemas.js';
import type { ApiKeysService } from './service.js';

const tags = ['API keys'];

export const apiKeyRoutes: FastifyPluginAsyncTypebox<{ apiKeys: ApiKeysService; publicUrl: string }> = async (app, { apiKeys, publicUrl }) => {
  app.post('/api-keys', {
    config: { role: 'admin' },
    schema: {
      operationId: 'createApiKey',
      tags,
      summary: 'Create an API key',
      description: 'The secret `key` is in this response only; it is stored as a hash.',
      body: CreateApiKeyBody,
      response: { 201: CreatedApiKey, ...problemResponses(400, 413, 415) },
    },
    handler: async (request, reply) => {
      const created = apiKeys.create(request.body);
      return reply.code(201).header('location', `${publicUrl}/api-keys/${created.id}`).header('cache-control', 'no-store').send(created);
    },
  });

  app.get('/api-keys', {
    config: { role: 'admin' },
    schema: {
      operationId: 'listApiKeys',
      tags,
      summary: 'List API keys',
      description: 'Never includes the secrets.',
      querystring: ApiKeyListQuery,
      response: { 200: ApiKeyList, ...problemResponses(400) },
    },
    handler: async (request) => {
      const page = request.query.page ?? 1;
      const limit = request.query.limit ?? 20;
      const { items, total } = apiKeys.list(page, limit);
      return { data: items, meta: pageMeta(page, limit, total) };
    },
  });

  app.get('/api-keys/:id', {
    config: { role: 'admin' },
    schema: {
      operationId: 'getApiKey',
      tags,
      summary: 'Get an API key',
      description: 'Never includes the secret. The `Location` of a created key.',
      params: ApiKeyParams,
      response: { 200: ApiKey, ...problemResponses(404) },
    },
    handler: async (request) => apiKeys.get(request.params.id),
  });

  app.delete('/api-keys/:id', {
    config: { role: 'admin' },
    schema: {
      operationId: 'deleteApiKey',
      tags,
      summary: 'Revoke an API key',
      description: 'The key stops working at once.',
      params: ApiKeyParams,
      response: { 204: { type: 'null', description: 'Revoked' }, ...problemResponses(404) },
    },
    handler: async (request, reply) => {
      apiKeys.delete(request.params.id);
      return reply.code(204).send(null);
    },
  });
};
