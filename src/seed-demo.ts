import { pino } from 'pino';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { NotEmptyError, seedDemo } from './demo/seed.js';

/**
 * `npm run seed:demo` (or `node dist/seed-demo.js` in a built image): fills the empty database at
 * CMS_DB_PATH with the demo newsroom, so a new user sees a living site at /reader/ after `npm start`.
 * Safe while the server runs (SQLite WAL; the server notices the new content at once).
 */
try {
  const config = loadConfig(process.env);
  const db = openDatabase({ path: config.dbPath, synchronous: config.dbSynchronous });
  try {
    const result = seedDemo(db, pino({ level: 'warn' }));
    process.stdout.write(
      `seeded ${config.dbPath}: ${result.published} published articles, ${result.drafts} drafts, ${result.tags} tags, ${result.relatedLinks} related links\n` +
        `start the server (npm start) and open ${config.publicUrl}/reader/\n`,
    );
  } finally {
    db.$client.close();
  }
} catch (error) {
  process.stderr.write(`seed:demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof NotEmptyError ? 3 : 1);
}
