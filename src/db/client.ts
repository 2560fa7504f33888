import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { projectRoot } from '../lib/paths.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface OpenDatabaseOptions {
  path: string;
  synchronous: 'full' | 'normal';
}

/** Resolved against this file, so it works from `src/` (tsx, tap) and from `dist/` alike. */
export const migrationsFolder = join(projectRoot, 'migrations');

/**
 * Opens the database, sets the PRAGMAs (on every open: SQLite does not persist most of them,
 * and a reopened WAL database comes back with synchronous=NORMAL otherwise) and applies pending
 * migrations.
 */
export function openDatabase({ path, synchronous }: OpenDatabaseOptions): Db {
  const inMemory = path === ':memory:' || path.startsWith('file::memory:');
  // better-sqlite3 does not create a missing parent folder.
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const client = new Database(path);
  try {
    client.pragma('journal_mode = WAL');
    client.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    client.pragma('foreign_keys = ON');
    client.pragma('busy_timeout = 5000');
    // Keep the WAL from growing without bound under a steady write load.
    client.pragma('wal_autocheckpoint = 1000');
    client.pragma('temp_store = MEMORY');
    // Erasure (a deleted subscriber) must not leave the address in freed pages: overwrite them with zeros.
    client.pragma('secure_delete = ON');
    const db = drizzle({ client, schema });
    migrate(db, { migrationsFolder });
    // Without statistics the query planner guesses, and at 100,000 articles it guessed wrong
    // (walking every article to find a tag's few hundred). SQLite's advice for long-lived
    // connections: optimize at open. Sampled statistics (analysis_limit) were measured to mislead
    // it just as badly, so the first open of a large unanalyzed file pays a full ANALYZE (~1 s
    // at 100,000 articles); later opens only refresh what changed.
    client.pragma('optimize = 0x10002');
    return db;
  } catch (error) {
    client.close();
    throw error;
  }
}
