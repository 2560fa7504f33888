import { Readable } from 'node:stream';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { AppError } from '../../http/errors.js';
import { acceptFormData } from '../../http/form-data.js';
import { pageMeta, problemResponses } from '../../http/schemas.js';
import { errorPage, orPages, prefersHtml, sendPage } from '../../http/pages.js';
import { confirmedPage, unsubscribedPage, unsubscribePromptPage } from './pages.js';
import {
  ImportResult,
  OneClickForm,
  SignUpAccepted,
  SignUpBody,
  SubscriberDetail,
  SubscriberExportQuery,
  SubscriberList,
  SubscriberListQuery,
  SubscriberParams,
  SubscriptionState,
  TokenBody,
  TokenQuery,
  UnsubscribeJsonBody,
  UnsubscribeQuery,
  UpdateSubscriberBody,
} from './schemas.js';
import type { ClientInfo, SubscribersService } from './service.js';

const tags = ['Subscribers'];

export interface SubscriberRoutesOptions {
  subscribers: SubscribersService;
  /** Requests per minute per client address to the public endpoints. */
  rateLimit: number;
}

const clientOf = (request: FastifyRequest): ClientInfo => ({ ip: request.ip, userAgent: request.headers['user-agent'] });

/**
 * Request log lines without the token: a confirmation or unsubscribe token in a log would let anyone
 * who reads the logs act for the subscriber.
 */
const logSerializers = {
  req: (request: FastifyRequest) => ({
    method: request.method,
    url: request.url.replace(/([?&]token=)[^&#]*/g, '$1[redacted]'),
    host: request.host,
    remoteAddress: request.ip,
  }),
};

/** A token's 404/410 as a page in plain words for people; anything else is rethrown: the problem handler answers them a page too (`config.pages`). */
function tokenProblem(reply: FastifyReply, html: boolean, error: unknown): FastifyReply {
  if (!html || !(error instanceof AppError) || (error.code !== 'TOKEN_NOT_FOUND' && error.code !== 'TOKEN_EXPIRED')) throw error;
  return sendPage(reply, error.status, errorPage(error.code === 'TOKEN_EXPIRED' ? 'This link has expired' : 'This link is not valid', error.detail, reply.request.id));
}

/** A 200 answer that is JSON for API clients and an HTML page for browsers. */
const jsonOrHtml = (schema: TSchema, description: string) => ({
  description,
  content: { 'application/json': { schema }, 'text/html': { schema: Type.String({ description: 'A small page for people who followed the link' }) } },
});

const tokenFrom = (query: { token?: string | undefined }, body: unknown): string => {
  const fromBody = typeof body === 'object' && body !== null && 'token' in body && typeof body.token === 'string' ? body.token : undefined;
  if (query.token !== undefined && fromBody !== undefined && query.token !== fromBody) {
    throw new AppError('VALIDATION_FAILED', 'The token in the query and the token in the body differ; send one.', { errors: [{ path: '/token', message: 'differs from the query', in: 'body' }] });
  }
  const token = query.token ?? fromBody;
  if (token === undefined) {
    throw new AppError('VALIDATION_FAILED', 'The unsubscribe token is missing: send it in the query (?token=…) or as {"token": …}.', {
      errors: [{ path: '/token', message: 'is required', in: 'querystring' }],
    });
  }
  return token;
};

/** Sign-up, confirmation and unsubscribe: open to anyone, rate limited per client address. */
const publicRoutes: FastifyPluginAsyncTypebox<{ service: SubscribersService; max: number }> = async (app, { service, max }) => {
  // In this scope only, so the public endpoints share one budget per client and admin routes are not limited.
  await app.register(rateLimit, {
    max,
    timeWindow: 60_000,
    // Thrown through the app's problem handler, so a 429 is problem+json like every other error.
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', `Too many requests to the subscriber endpoints from your address (at most ${context.max} a minute); retry in ${context.after}.`, {
        headers: { 'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))) },
      }),
  });

  app.post('/subscribers', {
    logSerializers,
    schema: {
      operationId: 'signUpSubscriber',
      tags,
      summary: 'Sign up for the newsletter',
      description:
        'Double opt-in: a new (or unsubscribed) address becomes `pending` and gets an e-mail with a confirmation link valid for 48 hours; ' +
        'a pending address gets it again (at most once every few minutes); an active address gets nothing. ' +
        'The answer is the same in every case, so it reveals nothing about who subscribed. ' +
        'Rate limited per client address (`CMS_SUBSCRIBE_RATE_LIMIT` a minute, shared with confirm and unsubscribe).',
      body: SignUpBody,
      response: { 202: SignUpAccepted, ...problemResponses(400, 413, 415, 429) },
    },
    handler: async (request, reply) => {
      service.signUp(request.body, clientOf(request));
      return reply.code(202).header('cache-control', 'no-store').send({ status: 'pending' as const });
    },
  });

  app.get('/subscribers/confirm', {
    logSerializers,
    // It confirms (a write): the page waits until the confirmation is on stable storage.
    config: { writes: true, pages: true },
    // HEAD must not confirm anything (GET does, as the contract's link requires).
    exposeHeadRoute: false,
    schema: {
      operationId: 'confirmSubscriberLink',
      tags,
      summary: 'Confirm a subscription (the link in the e-mail)',
      description:
        'Makes the address `active` and queues a welcome e-mail. Answers a small HTML page to browsers (`Accept` preferring ' +
        '`text/html`) and JSON to everyone else. A used link answers 200 again and changes nothing; after 48 hours it answers 410.',
      querystring: TokenQuery,
      response: { 200: jsonOrHtml(SubscriptionState, 'Confirmed (or already confirmed)'), ...orPages(problemResponses(400, 404, 410, 429)) },
    },
    handler: async (request, reply) => {
      const html = prefersHtml(request);
      let state: SubscriptionState;
      try {
        state = service.confirm(request.query.token, clientOf(request));
      } catch (error) {
        return tokenProblem(reply, html, error);
      }
      return html ? sendPage(reply, 200, confirmedPage(state)) : reply.header('cache-control', 'no-store').send(state);
    },
  });

  app.post('/subscribers/confirm', {
    logSerializers,
    schema: {
      operationId: 'confirmSubscriber',
      tags,
      summary: 'Confirm a subscription',
      description: 'The same as following the link: the address becomes `active` and a welcome e-mail is queued. Confirming again answers 200.',
      body: TokenBody,
      response: { 200: SubscriptionState, ...problemResponses(400, 404, 410, 413, 415, 429) },
    },
    handler: async (request, reply) => reply.header('cache-control', 'no-store').send(service.confirm(request.body.token, clientOf(request))),
  });

  app.get('/subscribers/unsubscribe', {
    logSerializers,
    config: { pages: true },
    schema: {
      operationId: 'showUnsubscribe',
      tags,
      summary: 'The unsubscribe page (changes nothing)',
      description:
        'Shows a page with a button that POSTs the one-click unsubscribe; opening the link alone unsubscribes no one (mail scanners open links). ' +
        'Clients that do not prefer `text/html` get the current status as JSON.',
      querystring: TokenQuery,
      response: { 200: jsonOrHtml(SubscriptionState, 'The page, or the current status'), ...orPages(problemResponses(400, 404, 429)) },
    },
    handler: async (request, reply) => {
      const html = prefersHtml(request);
      let state: SubscriptionState;
      try {
        state = service.unsubscribeState(request.query.token);
      } catch (error) {
        return tokenProblem(reply, html, error);
      }
      return html ? sendPage(reply, 200, unsubscribePromptPage(request.query.token, state)) : reply.header('cache-control', 'no-store').send(state);
    },
  });

  // Form bodies are accepted here only (RFC 8058 one-click): the rest of the API stays JSON-only.
  // RFC 8058 §3.2 says mail clients SHOULD post multipart/form-data, and may post URL-encoded.
  await app.register(async (scope) => {
    await scope.register(formbody);
    acceptFormData(scope);
    scope.post('/subscribers/unsubscribe', {
      logSerializers,
      config: { pages: true },
      schema: {
        operationId: 'unsubscribeSubscriber',
        tags,
        summary: 'Unsubscribe (RFC 8058 one-click)',
        description:
          'What mail clients call for the `List-Unsubscribe` header: `POST {url}` with the form body `List-Unsubscribe=One-Click`, ' +
          'as `multipart/form-data` or URL-encoded. ' +
          'Also accepts JSON `{ "token": … }`, or the token in the query with an empty body. Answers 200 however often it is called; ' +
          'unsubscribe tokens never expire. Browsers (the button on the page) get an HTML page.',
        querystring: UnsubscribeQuery,
        body: {
          content: {
            'application/json': { schema: UnsubscribeJsonBody },
            'multipart/form-data': { schema: OneClickForm },
            'application/x-www-form-urlencoded': { schema: OneClickForm },
          },
        },
        response: { 200: jsonOrHtml(SubscriptionState, 'Unsubscribed'), ...orPages(problemResponses(400, 404, 413, 415, 429)) },
      },
      handler: async (request, reply) => {
        const html = prefersHtml(request);
        // With a body schema per media type the type provider cannot infer request parts; the schemas above validated them.
        const token = tokenFrom(request.query as { token?: string }, request.body);
        let state: SubscriptionState;
        try {
          state = service.unsubscribe(token);
        } catch (error) {
          return tokenProblem(reply, html, error);
        }
        return html ? sendPage(reply, 200, unsubscribedPage()) : reply.header('cache-control', 'no-store').send(state);
      },
    });
  });
};

/** The subscriber list for admins: read, change, erase, export and import. */
const adminRoutes: FastifyPluginAsyncTypebox<{ service: SubscribersService }> = async (app, { service }) => {
  app.get('/subscribers', {
    config: { role: 'admin' },
    schema: {
      operationId: 'listSubscribers',
      tags,
      summary: 'List subscribers',
      description: 'Newest first. Filter by `status`; `q` finds a part of the address or name.',
      querystring: SubscriberListQuery,
      response: { 200: SubscriberList, ...problemResponses(400) },
    },
    handler: async (request, reply) => {
      const { items, total, page, limit } = service.list(request.query);
      return reply.header('cache-control', 'no-store').send({ data: items, meta: pageMeta(page, limit, total) });
    },
  });

  app.get('/subscribers/export', {
    config: { role: 'admin' },
    schema: {
      operationId: 'exportSubscribers',
      tags,
      summary: 'Export subscribers as CSV',
      description:
        'Every subscriber matching the filters (no paging), in the order they were added, streamed: columns ' +
        '`id,email,name,status,source,createdAt,confirmedAt,unsubscribedAt`. Cells a spreadsheet would run as a formula ' +
        '(starting with `=`, `+`, `-`, `@`) are prefixed with `\'`; the import removes it again.',
      querystring: SubscriberExportQuery,
      response: {
        200: { description: 'RFC 4180 CSV, UTF-8, CRLF line ends', content: { 'text/csv': { schema: Type.String({ examples: ['id,email,name,status,source,createdAt,confirmedAt,unsubscribedAt\r\n'] }) } } },
        ...problemResponses(400),
      },
    },
    // The reply is a stream, not the string the response schema documents.
    handler: async (request, reply: FastifyReply) => {
      const date = new Date().toISOString().slice(0, 10);
      // Readable.from pulls the next chunk only when the socket has drained the previous one (backpressure).
      const stream = Readable.from(service.exportCsv(request.query), { objectMode: false });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="subscribers-${date}.csv"`)
        .header('cache-control', 'no-store')
        .send(stream);
    },
  });

  app.get('/subscribers/:id', {
    config: { role: 'admin' },
    schema: {
      operationId: 'getSubscriber',
      tags,
      summary: 'Get a subscriber with their consent record',
      params: SubscriberParams,
      response: { 200: SubscriberDetail, ...problemResponses(404) },
    },
    handler: async (request, reply) => reply.header('cache-control', 'no-store').send(service.get(request.params.id)),
  });

  app.patch('/subscribers/:id', {
    config: { role: 'admin' },
    schema: {
      operationId: 'updateSubscriber',
      tags,
      summary: 'Change a subscriber\'s name or status',
      description:
        'Status `active` emits `subscriber.confirmed` (the consent record shows an admin did it), `unsubscribed` emits ' +
        '`subscriber.unsubscribed`, ends outstanding confirmation links and drops unsent mail.',
      params: SubscriberParams,
      body: UpdateSubscriberBody,
      response: { 200: SubscriberDetail, ...problemResponses(400, 404, 413, 415) },
    },
    handler: async (request, reply) => reply.header('cache-control', 'no-store').send(service.update(request.params.id, request.body)),
  });

  app.delete('/subscribers/:id', {
    config: { role: 'admin' },
    schema: {
      operationId: 'deleteSubscriber',
      tags,
      summary: 'Erase a subscriber for good',
      description:
        'Removes the person, their tokens, queued mail and every stored event about them (with those events\' webhook deliveries ' +
        'and logs); the freed database pages are zeroed and the WAL checkpointed. A `subscriber.deleted` event with only the id follows.',
      params: SubscriberParams,
      response: { 204: { type: 'null', description: 'Erased' }, ...problemResponses(404) },
    },
    handler: async (request, reply) => {
      service.erase(request.params.id);
      return reply.code(204).send(null);
    },
  });

  // text/csv is parsed in this scope only, so other routes keep answering 415 for it.
  await app.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => {
      done(null, body);
    });
    scope.post('/subscribers/import', {
      // Up to 2 MiB of CSV in one transaction of its own, not in a group with other requests' writes.
      config: { role: 'admin', groupCommit: false },
      schema: {
        operationId: 'importSubscribers',
        tags,
        summary: 'Import subscribers from CSV',
        description:
          'A `text/csv` body (at most 2 MiB) whose first line names the columns: `email` (required), `name`, `source`, `status`; ' +
          'the other columns of the export are accepted too (`createdAt`, `confirmedAt`, `unsubscribedAt` are kept, `id` is ignored). ' +
          'Rows without `status` become `pending` and are sent no mail (an import is not the person\'s consent); `active` is for ' +
          'subscribers who confirmed in another system. Known addresses are skipped, bad rows reported; all in one transaction.',
        body: {
          content: {
            'text/csv': {
              schema: Type.String({
                description: 'CSV with a header line',
                examples: ['email,name,source,status\r\nada@example.com,Ada Lovelace,old-system,active\r\ngrace@example.com,,,\r\n'],
              }),
            },
          },
        },
        response: { 200: ImportResult, ...problemResponses(400, 413, 415) },
      },
      handler: async (request, reply) => {
        if (typeof request.body !== 'string') {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')} is not supported here; send the file as text/csv.`);
        }
        return reply.header('cache-control', 'no-store').send(service.import(request.body));
      },
    });
  });
};

export const subscriberRoutes: FastifyPluginAsyncTypebox<SubscriberRoutesOptions> = async (app, { subscribers, rateLimit: max }) => {
  await app.register(publicRoutes, { service: subscribers, max });
  await app.register(adminRoutes, { service: subscribers });
};
