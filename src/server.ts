import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    // A bad configuration is an operator's mistake: say which variable, without a stack trace.
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const startedAt = performance.now();
const app = await buildApp(config);

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err !== undefined) app.log.error({ err }, 'shutting down after an error');
  else app.log.info({ signal }, 'shutting down');
  // Stops accepting connections, lets in-flight requests finish, then closes the database.
  await app.close();
});

const url = await app.listen({ port: config.port, host: config.host });
app.log.info({ url, startupMs: Math.round(performance.now() - startedAt), db: config.dbPath }, 'ready');
