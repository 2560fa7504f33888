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
  CMS_CORS_ORIGINS: Type.Optional(Type.String({ minLength: 1 })),
  CMS_SUBSCRIBE_RATE_LIMIT: Type.Optional(PositiveIntString),
  CMS_TRUST_PROXY: Type.Optional(Bool),
  CMS_ARTICLE_URL: Type.Optional(Type.String({ pattern: '\\{slug\\}' })),
  CMS_WEBHOOK_ALLOW_PRIVATE: Type.Optional(Bool),
  CMS_WEBHOOK_RETRY_DELAYS: Type.Optional(Type.String({ pattern: '^[0-9]{1,10}(,[0-9]{1,10})*$' })),
  CMS_WEBHOOK_TIMEOUT_MS: Type.Optional(PositiveIntString),
  LOG_LEVEL: Type.Optional(Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
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
  /** `'*'` or an explicit list of origins. */
  readonly corsOrigins: '*' | readonly string[];
  readonly subscribeRateLimit: number;
  readonly trustProxy: boolean;
  /** Public page of an article; `{slug}` and `{id}` are replaced. */
  readonly articleUrl: string;
  readonly webhookAllowPrivate: boolean;
  readonly webhookRetryDelays: readonly number[];
  readonly webhookTimeoutMs: number;
  readonly logLevel: string;
  /** Largest accepted request body, in bytes (the contract's 413). */
  readonly bodyLimit: number;
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

  const webhookRetryDelays = (e.CMS_WEBHOOK_RETRY_DELAYS ?? '0,5000,300000,1800000,7200000,18000000,36000000,36000000')
    .split(',')
    .map(Number);
  const webhookTimeoutMs = e.CMS_WEBHOOK_TIMEOUT_MS === undefined ? 10_000 : Number(e.CMS_WEBHOOK_TIMEOUT_MS);
  if (webhookTimeoutMs < 1) problems.push(describe('CMS_WEBHOOK_TIMEOUT_MS', e.CMS_WEBHOOK_TIMEOUT_MS, 'must be at least 1'));

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
    corsOrigins: corsOrigins === '*' ? '*' : Object.freeze(corsOrigins),
    subscribeRateLimit,
    trustProxy: isTrue(e.CMS_TRUST_PROXY),
    articleUrl: e.CMS_ARTICLE_URL ?? `${publicUrl}/articles/{slug}`,
    webhookAllowPrivate: isTrue(e.CMS_WEBHOOK_ALLOW_PRIVATE),
    webhookRetryDelays: Object.freeze(webhookRetryDelays),
    webhookTimeoutMs,
    logLevel: e.LOG_LEVEL ?? 'info',
    bodyLimit: 2 * 1024 * 1024,
  };
  return Object.freeze(config);
}

function isTrue(value: string | undefined): boolean {
  return value === 'true' || value === '1' || value === 'yes';
}
