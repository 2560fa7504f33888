import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export interface BackupResult {
  path: string;
  pages: number;
  bytes: number;
}

/**
 * A consistent online copy of the database at `sourcePath`, taken with SQLite's backup API while
 * the server keeps writing. The whole copy is made in one backup step, under one read snapshot (in
 * WAL mode readers never block writers): copied in small steps, every commit by the server would
 * restart the copy, and a steady write load could keep it from ever finishing. The copy is written
 * beside the target, checked with `integrity_check`, then renamed into place, so `targetPath` is
 * either the old file or a complete, checked backup.
 */
export async function backupDatabase(sourcePath: string, targetPath: string): Promise<BackupResult> {
  // Not read-only: a read-only connection cannot open a WAL database whose -shm file is gone.
  const source = new Database(sourcePath, { fileMustExist: true });
  const partial = `${targetPath}.partial`;
  try {
    source.pragma('busy_timeout = 5000');
    mkdirSync(dirname(targetPath), { recursive: true });
    rmSync(partial, { force: true });
    const progress = await source.backup(partial, { progress: () => 0x7fffffff });
    const copy = new Database(partial);
    try {
      const integrity = copy.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') throw new Error(`the backup failed its integrity check: ${String(integrity)}`);
      // A self-contained single file: no -wal or -shm beside it.
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    renameSync(partial, targetPath);
    const pageSize = source.pragma('page_size', { simple: true }) as number;
    return { path: targetPath, pages: progress.totalPages, bytes: progress.totalPages * pageSize };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    source.close();
  }
}
