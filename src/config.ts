import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/**
 * The only reader of the environment. Every variable of the contract's table is declared here once:
 * the TypeBox schema validates the raw strings (so a bad value is reported with the variable's
 * name), then `toConfig` turns them into typed values.
 */
const Bool = Type.Enum(['true', 'false', '1', '0', 'yes', 'no']);
const PositiveIntString = Type.String({ pattern: '^[0-9]{1,9}$' });

const EnvSchema = Type.Object({
  PORT: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
  HOST: Type.Optional(Type.String({ minLength: 1 })),
  CMS_DB_PATH: Type.Optional(Type.String({ minLength: 1 })),
  CMS_DB_SYNCHRONOUS: Type.Optional(Type.Enum(['full', 'normal', 'FULL', 'NORMAL'])),
  CMS_ADMIN_KEY: Type.Optional(Type.String({ minLength: 8, maxLength: 512, pattern: '^[\\x21-\\x7e]+$' })),
  CMS_PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$' })),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://\\S+$' })),
  CMS_MAIL_FROM: Type.Optional(Type.String({ minLength: 3 })),
  CMS_MAIL_RETRY_DELAYS: Type.Optional(Type.String({ pattern: '^[0-9]{1,10}(,[0-9]{1,10})*$' })),
  CMS_CONSENT_SECRET: Type.Optional(Type.String({ minLength: 32, maxLength: 512, pattern: '^[\\x21-\\x7e]+$' })),
  CMS_CORS_ORIGINS: Type.Optional(Type.String({ minLength: 1 })),
  CMS_SUBSCRIBE_RATE_LIMIT: Type.Optional(PositiveIntString),
  CMS_TRUST_PROXY: Type.Optional(Bool),
  CMS_ARTICLE_URL: Type.Optional(Type.String({ pattern: '\\{slug\\}' })),
  CMS_WEBHOOK_ALLOW_PRIVATE: Type.Optional(Bool),
  CMS_WEBHOOK_RETRY_DELAYS: Type.Optional(Type.String({ pattern: '^[0-9]{1,10}(,[0-9]{1,10})*$' })),
  CMS_WEBHOOK_TIMEOUT_MS: Type.Optional(PositiveIntString),
  CMS_WEBHOOK_DISABLE_AFTER_MS: Type.Optional(Type.String({ pattern: '^[0-9]{1,12}$' })),
  CMS_WEBHOOK_RETENTION_DAYS: Type.Optional(PositiveIntString),
  CMS_SITE_TITLE: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  CMS_SITE_LANGUAGE: Type.Optional(Type.String({ pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$' })),
  CMS_CACHE_MAX_AGE: Type.Optional(PositiveIntString),
  CMS_CACHE_STALE_WHILE_REVALIDATE: Type.Optional(PositiveIntString),
  CMS_RESPONSE_CACHE_MB: Type.Optional(PositiveIntString),
  LOG_LEVEL: Type.Optional(Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  CMS_REQUEST_TIMEOUT_MS: Type.Optional(PositiveIntString),
  CMS_MAX_EVENT_LOOP_DELAY_MS: Type.Optional(PositiveIntString),
  CMS_SERVE_READER: Type.Optional(Bool),
  NODE_ENV: Type.Optional(Type.String()),
});
export type Env = Static<typeof EnvSchema>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dbPath: string;
  readonly dbSynchronous: 'full' | 'normal';
  readonly adminKey: string | undefined;
  readonly publicUrl: string;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** Milliseconds before each retry of an unsent mail; the last one repeats. */
  readonly mailRetryDelays: readonly number[];
  /** HMAC key for client addresses in consent records; undefined: a random key per start. */
  readonly consentSecret: string | undefined;
  /** `'*'` or an explicit list of origins. */
  readonly corsOrigins: '*' | readonly string[];
  readonly subscribeRateLimit: number;
  readonly trustProxy: boolean;
  /** Public page of an article; `{slug}` and `{id}` are replaced. */
  readonly articleUrl: string;
  readonly webhookAllowPrivate: boolean;
  readonly webhookRetryDelays: readonly number[];
  readonly webhookTimeoutMs: number;
  /** An endpoint whose attempts have all failed for this long is disabled. */
  readonly webhookDisableAfterMs: number;
  /** Finished webhook deliveries (and their attempt log) are deleted after this many days. */
  readonly webhookRetentionDays: number;
  /** The publication's name and language, for feeds and the news sitemap. */
  readonly siteTitle: string;
  readonly siteLanguage: string;
  /** Seconds public responses may be cached, and served stale while revalidating. */
  readonly cacheMaxAge: number;
  readonly cacheStaleWhileRevalidate: number;
  /** Memory for anonymous public answers kept until content changes; 0 turns the cache off. */
  readonly responseCacheMb: number;
  readonly logLevel: string;
  /** Largest accepted request body, in bytes (the contract's 413). */
  readonly bodyLimit: number;
  /** A request (headers and body) must arrive within this; a slow client is cut off (slowloris). */
  readonly requestTimeoutMs: number;
  /** Above this mean event-loop delay, requests are shed with 503 + Retry-After; 0 turns it off. */
  readonly maxEventLoopDelayMs: number;
  /** Serve the reference reader (examples/reader) at /reader/; on unless NODE_ENV=production. */
  readonly serveReader: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const describe = (name: string, value: string | undefined, message: string): string =>
  `${name}=${JSON.stringify(value)} is invalid: ${message}`;

/** Validates the environment and returns a frozen config; throws a ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // Only the declared variables are read; empty strings count as unset, as shells make them easily.
  const raw: Record<string, string> = {};
  for (const name of Object.keys(EnvSchema.properties)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const errors = Value.Errors(EnvSchema, raw);
  if (errors.length > 0) {
    const lines = errors.map((error) => {
      const name = error.instancePath.replace(/^\//, '');
      return describe(name, raw[name], error.message);
    });
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = raw as Env;
  const problems: string[] = [];

  const port = e.PORT === undefined ? 3000 : Number(e.PORT);
  if (port > 65535) problems.push(describe('PORT', e.PORT, 'must be 0..65535'));
  const host = e.HOST ?? '127.0.0.1';

  const publicUrl = (e.CMS_PUBLIC_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, '');
  if (e.CMS_PUBLIC_URL !== undefined && !URL.canParse(e.CMS_PUBLIC_URL)) {
    problems.push(describe('CMS_PUBLIC_URL', e.CMS_PUBLIC_URL, 'must be an absolute http(s) URL'));
  }

  let corsOrigins: '*' | string[] = '*';
  if (e.CMS_CORS_ORIGINS !== undefined && e.CMS_CORS_ORIGINS.trim() !== '*') {
    corsOrigins = e.CMS_CORS_ORIGINS.split(',').map((origin) => origin.trim().replace(/\/+$/, '')).filter(Boolean);
    for (const origin of corsOrigins) {
      if (!/^https?:\/\/[^\s/?#]+$/.test(origin)) {
        problems.push(describe('CMS_CORS_ORIGINS', e.CMS_CORS_ORIGINS, `"${origin}" is not an origin like https://news.example`));
      }
    }
  }

  const subscribeRateLimit = e.CMS_SUBSCRIBE_RATE_LIMIT === undefined ? 10 : Number(e.CMS_SUBSCRIBE_RATE_LIMIT);
  if (subscribeRateLimit < 1) problems.push(describe('CMS_SUBSCRIBE_RATE_LIMIT', e.CMS_SUBSCRIBE_RATE_LIMIT, 'must be at least 1'));

  const mailRetryDelays = (e.CMS_MAIL_RETRY_DELAYS ?? '10000,60000,300000,900000,3600000').split(',').map(Number);
  // A zero delay would retry an unreachable SMTP server in a tight loop.
  if (mailRetryDelays.some((delay) => delay < 1)) problems.push(describe('CMS_MAIL_RETRY_DELAYS', e.CMS_MAIL_RETRY_DELAYS, 'every delay must be at least 1 ms'));

  const webhookRetryDelays = (e.CMS_WEBHOOK_RETRY_DELAYS ?? '0,5000,300000,1800000,7200000,18000000,36000000,36000000')
    .split(',')
    .map(Number);
  const webhookTimeoutMs = e.CMS_WEBHOOK_TIMEOUT_MS === undefined ? 10_000 : Number(e.CMS_WEBHOOK_TIMEOUT_MS);
  if (webhookTimeoutMs < 1) problems.push(describe('CMS_WEBHOOK_TIMEOUT_MS', e.CMS_WEBHOOK_TIMEOUT_MS, 'must be at least 1'));
  const webhookDisableAfterMs = e.CMS_WEBHOOK_DISABLE_AFTER_MS === undefined ? 5 * 24 * 60 * 60 * 1000 : Number(e.CMS_WEBHOOK_DISABLE_AFTER_MS);
  if (webhookDisableAfterMs < 1) problems.push(describe('CMS_WEBHOOK_DISABLE_AFTER_MS', e.CMS_WEBHOOK_DISABLE_AFTER_MS, 'must be at least 1'));
  const webhookRetentionDays = e.CMS_WEBHOOK_RETENTION_DAYS === undefined ? 30 : Number(e.CMS_WEBHOOK_RETENTION_DAYS);
  if (webhookRetentionDays < 1) problems.push(describe('CMS_WEBHOOK_RETENTION_DAYS', e.CMS_WEBHOOK_RETENTION_DAYS, 'must be at least 1'));

  const requestTimeoutMs = e.CMS_REQUEST_TIMEOUT_MS === undefined ? 30_000 : Number(e.CMS_REQUEST_TIMEOUT_MS);
  if (requestTimeoutMs < 100) problems.push(describe('CMS_REQUEST_TIMEOUT_MS', e.CMS_REQUEST_TIMEOUT_MS, 'must be at least 100'));

  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);

  const config: Config = {
    port,
    host,
    dbPath: e.CMS_DB_PATH ?? './data/cms.sqlite',
    dbSynchronous: e.CMS_DB_SYNCHRONOUS?.toLowerCase() === 'normal' ? 'normal' : 'full',
    adminKey: e.CMS_ADMIN_KEY,
    publicUrl,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.CMS_MAIL_FROM ?? 'newsletter@localhost',
    mailRetryDelays: Object.freeze(mailRetryDelays),
    consentSecret: e.CMS_CONSENT_SECRET,
    corsOrigins: corsOrigins === '*' ? '*' : Object.freeze(corsOrigins),
    subscribeRateLimit,
    trustProxy: isTrue(e.CMS_TRUST_PROXY),
    articleUrl: e.CMS_ARTICLE_URL ?? `${publicUrl}/articles/{slug}`,
    webhookAllowPrivate: isTrue(e.CMS_WEBHOOK_ALLOW_PRIVATE),
    webhookRetryDelays: Object.freeze(webhookRetryDelays),
    webhookTimeoutMs,
    webhookDisableAfterMs,
    webhookRetentionDays,
    siteTitle: e.CMS_SITE_TITLE ?? 'Newsroom',
    siteLanguage: e.CMS_SITE_LANGUAGE ?? 'en',
    cacheMaxAge: e.CMS_CACHE_MAX_AGE === undefined ? 60 : Number(e.CMS_CACHE_MAX_AGE),
    cacheStaleWhileRevalidate: e.CMS_CACHE_STALE_WHILE_REVALIDATE === undefined ? 300 : Number(e.CMS_CACHE_STALE_WHILE_REVALIDATE),
    responseCacheMb: e.CMS_RESPONSE_CACHE_MB === undefined ? 32 : Number(e.CMS_RESPONSE_CACHE_MB),
    logLevel: e.LOG_LEVEL ?? 'info',
    bodyLimit: 2 * 1024 * 1024,
    requestTimeoutMs,
    maxEventLoopDelayMs: e.CMS_MAX_EVENT_LOOP_DELAY_MS === undefined ? 1000 : Number(e.CMS_MAX_EVENT_LOOP_DELAY_MS),
    serveReader: e.CMS_SERVE_READER === undefined ? e.NODE_ENV !== 'production' : isTrue(e.CMS_SERVE_READER),
  };
  return Object.freeze(config);
}

function isTrue(value: string | undefined): boolean {
  return value === 'true' || value === '1' || value === 'yes';
}
