import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import underPressure from '@fastify/under-pressure';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyRequest } from 'fastify';
import type { Config } from './config.js';
import { openDatabase, type Db } from './db/client.js';
import { Durability } from './db/durability.js';
import { GroupCommit } from './db/group-commit.js';
import { dbPlugin } from './db/plugin.js';
import { authPlugin } from './http/auth.js';
import { cachePlugin } from './http/cache.js';
import { responseCachePlugin } from './http/response-cache.js';
import { lazyChildLogger } from './http/request-logger.js';
import { helmetHeaders, securityHeadersPlugin, type SecurityHeaderProfiles } from './http/security-headers.js';
import { describeSuccessResponses } from './http/openapi-responses.js';
import { problemPlugin, problemReply, sendFrameworkProblem, toProblem } from './http/problem.js';
import { AppError } from './http/errors.js';
import { projectRoot } from './lib/paths.js';
import { ProblemSchema, problemResponses } from './http/schemas.js';
import { orPages } from './http/pages.js';
import { MailQueue } from './mail/mail-queue.js';
import { LogMailer, SmtpMailer } from './mail/mailer.js';
import { lazySerializers, validatorCompiler } from './http/validation.js';
import { apiKeyRoutes } from './modules/api-keys/routes.js';
import { ApiKeysService } from './modules/api-keys/service.js';
import { articleRoutes } from './modules/articles/routes.js';
import { createContentServices } from './modules/content.js';
import { feedRoutes } from './modules/feeds/routes.js';
import { FeedsService } from './modules/feeds/service.js';
import { operationsRoutes } from './modules/operations/routes.js';
import { relatedRoutes } from './modules/related/routes.js';
import { subscriberRoutes } from './modules/subscribers/routes.js';
import { consentKey, SubscribersService } from './modules/subscribers/service.js';
import { tagRoutes } from './modules/tags/routes.js';
import { WebhookDispatcher } from './modules/webhooks/dispatcher.js';
import { webhookDocs, webhookEventSchemas } from './modules/webhooks/openapi.js';
import { DeliveryQueue } from './modules/webhooks/queue.js';
import { webhookRoutes } from './modules/webhooks/routes.js';
import { WebhooksService } from './modules/webhooks/service.js';
import { UrlGuard } from './modules/webhooks/ssrf.js';

/** examples/reader, from src/ and from dist/ alike. */
const READER_ROOT = join(projectRoot, 'examples', 'reader', '/');

const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };


const API_DESCRIPTION = `The JSON API of a headless CMS for news publishers: articles with tags and related links,
newsletter subscribers and webhooks.

**Authentication.** Send \`Authorization: Bearer <key>\`. Anonymous callers may read published
articles, tags, feeds, docs and health, and sign up for the newsletter (sign-up, confirm and
unsubscribe are public and rate limited). An **editor** key may also write articles, tags and related
links and read drafts; an **admin** key may do everything, including managing API keys.
The first admin key is the value of \`CMS_ADMIN_KEY\` at start; use it to create others with
\`POST /api-keys\`; editors get theirs from an admin (it is shown once). In this page, click
**Authorize**, paste the key, then open an operation and use **Try it out**.

**Errors** are \`application/problem+json\` (RFC 9457) with a \`code\` and, for invalid input,
\`errors[]\` pointing at each bad field.`;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A GET that writes (a confirmation link): its answer waits for durability like any write's. */
    writes?: boolean;
    /**
     * `false` for a write route that runs outside the groups of GroupCommit, its writes in
     * transactions of their own: a handler that awaits before it writes (a DNS check), or one
     * that writes a lot at once (a bulk import) and should not hold up the others.
     */
    groupCommit?: false;
  }
}

/** helmet's options, per profile (see src/http/security-headers.ts). */
export const securityHeaderProfiles: SecurityHeaderProfiles = {
  // One CSP under which Swagger UI, the reference reader and the subscriber pages all work.
  document: {
    // Swagger UI sets inline styles and loads its icons as data: URIs; scripts stay same-origin.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        // Would rewrite Swagger UI's calls to https on a plain-http development server.
        upgradeInsecureRequests: null,
      },
    },
    // An API is meant to be read from other origins (CORS decides who); CORP must not block it.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    // No page of ours is meant to be framed: X-Frame-Options agrees with frame-ancestors 'none'.
    frameguard: { action: 'deny' },
  },
  // JSON, problems and feeds: nothing to load, run or frame.
  api: {
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    frameguard: { action: 'deny' },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  },
  // Swagger UI, the reader, and the pages of the links in subscriber e-mails.
  documentPrefixes: ['/docs', '/reader', '/subscribers/confirm', '/subscribers/unsubscribe'],
};

export interface BuildOptions {
  /** An already opened database (tests, tools); by default `config.dbPath` is opened and migrated. */
  db?: Db;
  /** How the WAL file is synced (see Durability): `fdatasync`, or in a test a disk that fails. */
  syncWal?: ConstructorParameters<typeof Durability>[1];
  /** How long one group of writes may run before the rest wait for the next (see GroupCommit). */
  groupBudgetMs?: number;
}

/** The one place Fastify's options, plugins and modules are wired; tests and production share it. */
export async function buildApp(config: Config, options: BuildOptions = {}) {
  const db = options.db ?? openDatabase({ path: config.dbPath, synchronous: config.dbSynchronous });

  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization'], censor: '[redacted]' },
    },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    // Load balancers poll /health every few seconds; those lines would drown the real ones.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: (request) => request.url === '/health' }),
    genReqId: () => randomUUID(),
    // Requests that reach a route while the server closes (pipelined, or on a busy keep-alive
    // connection) are answered as usual, with `Connection: close`: the database stays open until
    // the last connection ends. Fastify's own 503 for them was a bare JSON body; /ready says 503.
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // A malformed or overlong URL fails before routing; it still gets a problem document.
    frameworkErrors: sendFrameworkProblem,
    // Against slow clients (slowloris): headers within 10 s, the whole request within
    // requestTimeoutMs, checked every second (Node's default check runs every 30 s); an idle
    // socket closes after twice that; header blocks above 16 KiB are refused (431).
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.requestTimeoutMs * 2,
    // Longer than the 60 s idle timeout of common load balancers, so they never reuse a closed socket.
    keepAliveTimeout: 65_000,
    http: {
      headersTimeout: Math.min(10_000, config.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(1000, Math.ceil(config.requestTimeoutMs / 4)),
      maxHeaderSize: 16 * 1024,
    },
    schemaController: { compilersFactory: { buildSerializer: lazySerializers } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setChildLoggerFactory(lazyChildLogger);
  const durability = config.dbSynchronous === 'full' ? new Durability(db, options.syncWal) : undefined;
  const durable = durability === undefined ? () => Promise.resolve() : () => durability.flush();
  /** After a failed sync nothing more is acknowledged (see Durability): writes are refused before they run. */
  const writesRefused = (): AppError | undefined =>
    durability?.failed === undefined
      ? undefined
      : new AppError('UNAVAILABLE', 'Writes are refused until the server is restarted: syncing the database to disk failed, so no write can be acknowledged safely.', {
          cause: durability.failed,
        });
  // Writes share transactions (see GroupCommit): each write route's handler runs in the next
  // group, at the end of the turn its request is ready in (after its hooks, an article's render
  // among them), unless its route says `groupCommit: false` (a handler that awaits before it writes).
  /** Set as the server starts closing (the first preClose hook): /ready then answers 503. */
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  const groupCommit = new GroupCommit(db, { log: app.log, budgetMs: options.groupBudgetMs, sync: durability === undefined ? undefined : () => durability.flush(true) });
  /** A write's outcome: when its answer may go out if it failed (`committed`), and if it succeeded (`durable`). */
  const writes = new WeakMap<FastifyRequest, { committed: Promise<void>; durable: () => Promise<void> }>();
  const ownTransactions = { committed: Promise.resolve(), durable };
  app.addHook('onRoute', (route) => {
    const reads = [route.method].flat().every((method) => method === 'GET' || method === 'HEAD' || method === 'OPTIONS');
    if (reads && route.config?.writes !== true) return;
    const handler = route.handler;
    const inGroup = route.config?.groupCommit !== false;
    if (inGroup && route.schema !== undefined) {
      // A group that did not commit (an I/O error, a full disk, the file locked by another process).
      const schema = route.schema as { response?: Record<string, unknown> };
      const unavailable = problemResponses(503);
      schema.response = { ...(route.config?.pages === true ? orPages(unavailable) : unavailable), ...schema.response };
    }
    route.handler = function write(request, reply) {
      const refused = writesRefused();
      if (refused !== undefined) return Promise.reject(refused);
      if (!inGroup) {
        writes.set(request, ownTransactions);
        return handler.call(this, request, reply);
      }
      const grouped = groupCommit.run(() => handler.call(this, request, reply));
      writes.set(request, { committed: grouped.committed, durable: grouped.durable });
      return grouped.result;
    };
  });
  // A write is acknowledged only once its group has committed and is on stable storage (see
  // Durability): successful answers to writes wait for both, and so do mails and webhooks, which
  // must not announce what a power loss could undo. A failed request changed nothing, but its
  // answer may rest on what writes before it in its group did: it waits for the group (not the disk).
  // Callback-style hooks here and below: reads, the bulk of requests, pass without a promise.
  app.addHook('onSend', (request, reply, payload, done) => {
    const write = writes.get(request);
    if (write === undefined) {
      done(null, payload);
      return;
    }
    write.committed.then(() => (reply.statusCode >= 400 ? undefined : write.durable())).then(
      () => {
        try {
          done(null, payload);
        } catch (error) {
          app.log.error({ err: error }, 'sending an answer failed');
        }
      },
      (error: unknown) => {
        // The answer is replaced here, whatever it was (a success, or a client error that may rest
        // on writes now undone), by the problem the error handler would send.
        request.log.error({ err: error }, 'a write is not stored, or not on stable storage: its answer is replaced');
        try {
          const { problem, headers } = toProblem(error instanceof Error ? error : new Error(String(error)), request);
          // Nothing the answer pointed at exists.
          for (const name of ['location', 'etag', 'last-modified', 'x-cache-invalidate']) reply.removeHeader(name);
          done(null, problemReply(reply, problem, problem.status === 503 ? { ...headers, 'retry-after': '1' } : headers));
        } catch (sendError) {
          app.log.error({ err: sendError }, 'sending an answer failed');
        }
      },
    );
  });
  if (durability !== undefined) {
    app.addHook('onClose', async () => {
      await durability.close();
    });
  }
  // The API speaks JSON only: a text/plain body is a client mistake (415), not a string to validate.
  app.removeContentTypeParser('text/plain');
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });

  const apiKeys = new ApiKeysService(db);
  const { outbox, reader, tags: tagsService, articles, related, scheduler, search } = createContentServices(db, app.log);
  // Any committed change may have added, moved or removed a schedule.
  outbox.onEmit(() => {
    scheduler.rearm();
  });
  app.addHook('onReady', async () => {
    scheduler.start();
  });
  app.addHook('preClose', async () => {
    scheduler.stop();
    search.stop();
  });
  if (config.adminKey !== undefined) apiKeys.ensureBootstrapKey(config.adminKey);

  const mailer = config.smtpUrl === undefined ? new LogMailer(app.log, config.mailFrom) : new SmtpMailer(config.smtpUrl, config.mailFrom);
  const mailQueue = new MailQueue(db, mailer, app.log, { retryDelays: config.mailRetryDelays, messageIdDomain: new URL(config.publicUrl).hostname, durable });
  const subscribers = new SubscribersService(db, outbox, mailQueue, { publicUrl: config.publicUrl, newsletterName: config.siteTitle, consentKey: consentKey(config.consentSecret, app.log), log: app.log });
  app.addHook('onReady', async () => {
    mailQueue.start();
  });
  // Before the database closes (onClose), so a send in flight is recorded.
  app.addHook('preClose', async () => {
    await mailQueue.stop();
  });

  const urlGuard = new UrlGuard({ allowPrivate: config.webhookAllowPrivate });
  const webhookQueue = new DeliveryQueue(db, { retryDelays: config.webhookRetryDelays, disableAfterMs: config.webhookDisableAfterMs });
  const dispatcher = new WebhookDispatcher(webhookQueue, {
    timeoutMs: config.webhookTimeoutMs,
    retentionDays: config.webhookRetentionDays,
    guard: urlGuard,
    log: app.log,
    userAgent: `newsroom-cms/${pkg.version} (webhooks)`,
    durable,
  });
  const webhooks = new WebhooksService(db, urlGuard, () => {
    dispatcher.wake();
  }, config.webhookAllowPrivate);
  // The outbox writes deliveries inside each change's transaction; they are sent after it commits.
  outbox.onEmit((deliveriesWritten) => {
    if (deliveriesWritten) dispatcher.wake();
  });
  app.addHook('onReady', async () => {
    dispatcher.start();
  });
  // preClose runs before the database closes (onClose), so attempts in flight can still be recorded.
  app.addHook('preClose', async () => {
    await dispatcher.stop();
  });

  await app.register(problemPlugin);
  if (config.responseCacheMb > 0) {
    // First of the onRequest hooks: a hit is sent with the headers the others gave its answer, before they run.
    // Every security header either profile sets: a stored answer's 304 goes without them.
    const securityHeaderNames = [securityHeaderProfiles.api, securityHeaderProfiles.document].flatMap((profile) => Object.keys(helmetHeaders(profile)));
    await app.register(responseCachePlugin, { db, notFor304: securityHeaderNames, maxEntries: 20_000, maxValidators: 200_000, maxValidatorBytes: 16 * 1024 * 1024, maxBytes: config.responseCacheMb * 1024 * 1024, ttlMs: 60_000 });
  }
  // Before load shedding, so that its 503 has them too (a browser reads its Retry-After only with CORS).
  await app.register(securityHeadersPlugin, securityHeaderProfiles);
  await app.register(cors, {
    origin: config.corsOrigins === '*' ? '*' : [...config.corsOrigins],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'X-Request-Id'],
    exposedHeaders: ['ETag', 'Location', 'Retry-After', 'X-Request-Id', 'WWW-Authenticate'],
    maxAge: 600,
  });
  if (config.maxEventLoopDelayMs > 0) {
    // Load shedding: past this event-loop delay new requests get 503 + Retry-After (problem+json)
    // at once instead of queueing until everything times out; /health still answers (liveness).
    await app.register(underPressure, {
      maxEventLoopDelay: config.maxEventLoopDelayMs,
      // A rejection goes to the problem handler: 503 problem+json, with Retry-After.
      pressureHandler: async (request) => {
        if (request.routeOptions.url !== '/health') throw new AppError('UNAVAILABLE', 'The server is overloaded; retry in 5 seconds.', { headers: { 'retry-after': '5' } });
      },
    });
  }
  await app.register(dbPlugin, { db });
  app.addSchema(ProblemSchema);
  for (const schema of webhookEventSchemas) app.addSchema(schema);
  await app.register(swagger, {
    // Shared schemas become components named by their $id (e.g. #/components/schemas/Problem).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transformObject: describeSuccessResponses,
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Newsroom CMS API', version: pkg.version, description: API_DESCRIPTION },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key from POST /api-keys (or CMS_ADMIN_KEY)' } } },
      webhooks: webhookDocs,
      tags: [
        { name: 'Articles', description: 'News articles: headline, deck, Markdown body, tags, publishing' },
        { name: 'Revisions', description: 'Every version of an article, and restoring an old one' },
        { name: 'Tags', description: 'Topics articles are filed under' },
        { name: 'Related', description: 'Ordered links from an article to related articles, and suggestions' },
        { name: 'API keys', description: 'Keys for editors and admins (admin only)' },
        { name: 'Subscribers', description: 'Newsletter sign-up with double opt-in and one-click unsubscribe; the list, export, import and erasure (admin)' },
        { name: 'Webhooks', description: 'Endpoints that receive signed events, their delivery log and redelivery (admin only)' },
        { name: 'Feeds', description: 'RSS, Atom and JSON feeds and sitemaps of the visible articles' },
        { name: 'Operations', description: 'Health and readiness' },
      ],
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // The editors' tool until a front end exists: the key survives a reload, operations can be
    // filtered by tag, and each answer shows how long it took.
    uiConfig: { persistAuthorization: true, displayRequestDuration: true, docExpansion: 'list', deepLinking: true, filter: true },
    theme: { title: 'Newsroom CMS API' },
  });
  await app.register(authPlugin, { apiKeys });
  await app.register(cachePlugin, { maxAge: config.cacheMaxAge, staleWhileRevalidate: config.cacheStaleWhileRevalidate });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(operationsRoutes, { db, writesRefused, closing: () => closing });
  await app.register(apiKeyRoutes, { apiKeys, publicUrl: config.publicUrl });
  await app.register(articleRoutes, { articles, publicUrl: config.publicUrl });
  await app.register(tagRoutes, { tags: tagsService, publicUrl: config.publicUrl });
  await app.register(relatedRoutes, { related, publicUrl: config.publicUrl });
  await app.register(subscriberRoutes, { subscribers, rateLimit: config.subscribeRateLimit });
  await app.register(webhookRoutes, { webhooks, publicUrl: config.publicUrl });
  await app.register(feedRoutes, { feeds: new FeedsService(db, reader, config) });
  if (config.serveReader) {
    // The reference front end (plain files, no build step), also the README's way to see the site.
    await app.register(fastifyStatic, { root: READER_ROOT, prefix: '/reader', decorateReply: false, index: false, schemaHide: true, maxAge: '5m' });
    // `/reader` and `/reader/` are one route (ignoreTrailingSlash); the pages' relative links need the slash.
    app.get('/reader', { schema: { hide: true } }, async (request, reply) => {
      if (!request.url.split('?', 1)[0]?.endsWith('/')) return reply.redirect('/reader/', 301);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=300').send(await readFile(`${READER_ROOT}index.html`));
    });
  }
  return app;
}
