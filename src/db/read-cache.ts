import type { Db } from './client.js';
import { contentVersion } from './transaction.js';

/**
 * Memoizes expensive reads (counts over the whole archive) until the database content changes.
 * Exact, not time-based: any write of this process or commit of another empties it. What is
 * visible to anonymous readers changes only through writes (the scheduler publishes with one), so
 * cached visibility-dependent answers are never stale.
 */
export class ReadCache {
  private version = '';
  private readonly entries = new Map<string, unknown>();

  constructor(
    private readonly db: Db,
    private readonly maxEntries = 2000,
  ) {}

  get<T>(key: string, compute: () => T): T {
    const version = contentVersion(this.db);
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    if (this.entries.has(key)) return this.entries.get(key) as T;
    const value = compute();
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
    return value;
  }
}
