import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config.js';
import { backupDatabase } from './db/backup.js';

/**
 * `npm run backup -- <file>` (or `node dist/backup.js <file>` in a built image): an online,
 * consistent copy of the database at CMS_DB_PATH, safe while the server runs and writes.
 */
const target = process.argv[2];
if (target === undefined || target === '' || target.startsWith('-')) {
  process.stderr.write('usage: npm run backup -- <backup-file.sqlite>\n');
  process.exit(2);
}
try {
  const config = loadConfig(process.env);
  if (config.dbPath === ':memory:') throw new ConfigError('CMS_DB_PATH=":memory:" has nothing to back up');
  const result = await backupDatabase(config.dbPath, resolve(target));
  process.stdout.write(`backed up ${config.dbPath} to ${result.path}: ${result.pages} pages, ${result.bytes} bytes, integrity ok\n`);
} catch (error) {
  process.stderr.write(`backup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
