import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { problemResponses } from '../../http/schemas.js';

const tags = ['Operations'];
const Status = Type.Object({ status: Type.Enum(['ok']) });

export const operationsRoutes: FastifyPluginAsyncTypebox<{ db: Db; writesRefused?: () => Error | undefined; closing?: () => boolean }> = async (app, { db, writesRefused, closing }) => {
  const ping = db.$client.prepare('select 1 as ok');

  app.get('/health', {
    schema: { operationId: 'health', tags, summary: 'Liveness: the process answers', response: { 200: Status } },
    handler: async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' as const }),
  });

  app.get('/ready', {
    schema: {
      operationId: 'ready',
      tags,
      summary: 'Readiness: the database answers and takes writes',
      description:
        'Answers 503 when the database does not answer, when writes are refused until a restart (a sync to disk failed), or once the server is shutting down (so that a load balancer stops sending it requests).',
      response: { 200: Status, ...problemResponses(503) },
    },
    handler: async (_request, reply) => {
      if (closing?.() === true) throw new AppError('UNAVAILABLE', 'The server is shutting down; send requests to another instance.', { headers: { 'retry-after': '1' } });
      try {
        ping.get();
      } catch (error) {
        throw new AppError('UNAVAILABLE', 'The database does not answer.', { cause: error });
      }
      const refused = writesRefused?.();
      if (refused !== undefined) throw refused;
      return reply.header('cache-control', 'no-store').send({ status: 'ok' as const });
    },
  });
};
