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

/** How long a statement waits for another connection's lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/** Resolved against this file, so it works from `src/` (tsx, tap) and from `dist/` alike. */
export const migrationsFolder = join(projectRoot, 'migrations');

/** Opens the database (see `connect` for its PRAGMAs), applies pending migrations and refreshes the planner's statistics. */
export function openDatabase({ path, synchronous }: OpenDatabaseOptions): Db {
  const inMemory = path === ':memory:' || path.startsWith('file::memory:') || path === '';
  // better-sqlite3 does not create a missing parent folder.
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  let client = connect(path, synchronous);
  try {
    migrate(drizzle({ client, schema }), { migrationsFolder });
    // Without statistics the query planner guesses, and at 100,000 articles it guessed wrong
    // (walking every article to find a tag's few hundred). SQLite's advice for long-lived
    // connections: optimize at open. Sampled statistics (analysis_limit) were measured to mislead
    // it just as badly, so the first open of a large unanalyzed file pays a full ANALYZE (~1 s
    // at 100,000 articles); later opens only refresh what changed.
    client.pragma('optimize = 0x10002');
    // A connection keeps the size it last read for a table even once its statistics are gone; a
    // new one reads the schema afresh. (A database in memory lives only in its one connection.)
    if (!client.memory && forgetSmallTableStatistics(client)) {
      client.close();
      client = connect(path, synchronous);
    }
    return drizzle({ client, schema });
  } catch (error) {
    client.close();
    throw error;
  }
}

/**
 * One connection with the PRAGMAs (set on every open: SQLite does not persist most of them, and a
 * reopened WAL database comes back with synchronous=NORMAL otherwise).
 */
function connect(path: string, synchronous: OpenDatabaseOptions['synchronous']): Database.Database {
  const client = new Database(path);
  try {
    client.pragma('journal_mode = WAL');
    client.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    client.pragma('foreign_keys = ON');
    client.pragma(`busy_timeout = ${String(BUSY_TIMEOUT_MS)}`);
    // Keep the WAL from growing without bound under a steady write load.
    client.pragma('wal_autocheckpoint = 1000');
    client.pragma('temp_store = MEMORY');
    // Erasure (a deleted subscriber) must not leave the address in freed pages: overwrite them with zeros.
    client.pragma('secure_delete = ON');
    return client;
  } catch (error) {
    client.close();
    throw error;
  }
}

/** Below this many rows a table's statistics are not kept (see forgetSmallTableStatistics). */
const STATISTICS_MIN_ROWS = 1000;

/**
 * Drops the planner statistics of tables under STATISTICS_MIN_ROWS rows, so that the planner
 * assumes they are large and uses their indexes. A statistic taken while a table was small stays
 * until the next open finds the table ten times larger, and a long-running server may not reopen
 * for months: a fresh database's first `optimize` records FTS5's data table at its 2 bookkeeping
 * rows, after which every one of FTS5's own range deletes (`id >= ? and id <= ?`, at each segment
 * merge) scanned the whole table. Building the search index of 100,000 articles then took 150 s
 * instead of 30. Scanning a table that really is small costs nothing either way; its statistics
 * come back at the open that finds it has grown. True when any were dropped.
 */
function forgetSmallTableStatistics(client: Database.Database): boolean {
  const small = client.prepare('select distinct tbl from sqlite_stat1 where cast(stat as integer) < ?').pluck().all(STATISTICS_MIN_ROWS) as string[];
  if (small.length === 0) return false;
  const tables = JSON.stringify(small);
  client.transaction(() => {
    client.prepare('delete from sqlite_stat1 where tbl in (select value from json_each(?))').run(tables);
    // The samples of SQLITE_ENABLE_STAT4 (which better-sqlite3 builds with) tell sizes too.
    if (client.prepare("select 1 from sqlite_schema where name = 'sqlite_stat4'").get() !== undefined) {
      client.prepare('delete from sqlite_stat4 where tbl in (select value from json_each(?))').run(tables);
    }
  })();
  return true;
}
