import t from 'tap';
import { ConfigError, loadConfig } from '../src/config.js';

t.test('defaults follow the contract', async (t) => {
  const config = loadConfig({});
  t.equal(config.port, 3000);
  t.equal(config.host, '127.0.0.1');
  t.equal(config.dbPath, './data/cms.sqlite');
  t.equal(config.dbSynchronous, 'full');
  t.equal(config.adminKey, undefined);
  t.equal(config.publicUrl, 'http://127.0.0.1:3000');
  t.equal(config.smtpUrl, undefined);
  t.equal(config.mailFrom, 'newsletter@localhost');
  t.equal(config.corsOrigins, '*');
  t.equal(config.subscribeRateLimit, 10);
  t.equal(config.trustProxy, false);
  t.equal(config.articleUrl, 'http://127.0.0.1:3000/articles/{slug}');
  t.equal(config.webhookAllowPrivate, false);
  t.same(config.webhookRetryDelays, [0, 5000, 300000, 1800000, 7200000, 18000000, 36000000, 36000000]);
  t.equal(config.webhookTimeoutMs, 10000);
  t.ok(Object.isFrozen(config));
});

t.test('values are parsed and typed', async (t) => {
  const config = loadConfig({
    PORT: '8080',
    HOST: '0.0.0.0',
    CMS_DB_PATH: '/var/lib/cms/db.sqlite',
    CMS_DB_SYNCHRONOUS: 'normal',
    CMS_ADMIN_KEY: 'a-long-enough-key',
    CMS_PUBLIC_URL: 'https://news.example/api/',
    SMTP_URL: 'smtp://127.0.0.1:2525',
    CMS_MAIL_FROM: 'Daily <daily@news.example>',
    CMS_CORS_ORIGINS: 'https://news.example, https://preview.news.example/',
    CMS_SUBSCRIBE_RATE_LIMIT: '30',
    CMS_TRUST_PROXY: 'true',
    CMS_ARTICLE_URL: 'https://news.example/{slug}',
    CMS_WEBHOOK_ALLOW_PRIVATE: '1',
    CMS_WEBHOOK_RETRY_DELAYS: '0,1000',
    CMS_WEBHOOK_TIMEOUT_MS: '2500',
    UNRELATED: 'ignored',
  });
  t.equal(config.port, 8080);
  t.equal(config.dbSynchronous, 'normal');
  t.equal(config.publicUrl, 'https://news.example/api', 'trailing slash dropped');
  t.same(config.corsOrigins, ['https://news.example', 'https://preview.news.example']);
  t.equal(config.subscribeRateLimit, 30);
  t.equal(config.trustProxy, true);
  t.equal(config.articleUrl, 'https://news.example/{slug}');
  t.equal(config.webhookAllowPrivate, true);
  t.same(config.webhookRetryDelays, [0, 1000]);
  t.equal(config.webhookTimeoutMs, 2500);
  t.equal(loadConfig({ PORT: '4000', CMS_PUBLIC_URL: '' }).publicUrl, 'http://127.0.0.1:4000', 'empty counts as unset');
});

t.test('a bad value is refused with the variable named', async (t) => {
  const bad: [string, string][] = [
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['CMS_DB_SYNCHRONOUS', 'off'],
    ['CMS_ADMIN_KEY', 'short'],
    ['CMS_PUBLIC_URL', 'ftp://news.example'],
    ['SMTP_URL', 'http://mail'],
    ['CMS_CORS_ORIGINS', 'news.example'],
    ['CMS_SUBSCRIBE_RATE_LIMIT', '-1'],
    ['CMS_SUBSCRIBE_RATE_LIMIT', '0'],
    ['CMS_TRUST_PROXY', 'maybe'],
    ['CMS_ARTICLE_URL', 'https://news.example/articles'],
    ['CMS_WEBHOOK_ALLOW_PRIVATE', 'sure'],
    ['CMS_WEBHOOK_RETRY_DELAYS', '0,,5'],
    ['CMS_WEBHOOK_TIMEOUT_MS', '0'],
    ['LOG_LEVEL', 'loud'],
  ];
  for (const [name, value] of bad) {
    const error = t.throws(() => loadConfig({ [name]: value }), ConfigError, `${name}=${value} is refused`) as Error;
    t.match(error.message, `${name}="${value}"`, 'the message names the variable and its value');
  }
  const two = t.throws(() => loadConfig({ PORT: 'x', CMS_DB_SYNCHRONOUS: 'off' })) as Error;
  t.match(two.message, /PORT/);
  t.match(two.message, /CMS_DB_SYNCHRONOUS/, 'all bad variables are reported at once');
});

t.test('newsletter mail settings', async (t) => {
  const defaults = loadConfig({});
  t.same(defaults.mailRetryDelays, [10000, 60000, 300000, 900000, 3600000]);
  t.equal(defaults.consentSecret, undefined);
  const set = loadConfig({ CMS_MAIL_RETRY_DELAYS: '50,1000', CMS_CONSENT_SECRET: 'a-consent-secret-of-at-least-32-chars' });
  t.same(set.mailRetryDelays, [50, 1000]);
  t.equal(set.consentSecret, 'a-consent-secret-of-at-least-32-chars');
  for (const [name, value] of [['CMS_MAIL_RETRY_DELAYS', '0'], ['CMS_MAIL_RETRY_DELAYS', '5,,6'], ['CMS_CONSENT_SECRET', 'too-short']]) {
    const error = t.throws(() => loadConfig({ [name ?? '']: value }), ConfigError) as Error;
    t.match(error.message, `${name ?? ''}="${value ?? ''}"`, 'named in the message');
  }
});
