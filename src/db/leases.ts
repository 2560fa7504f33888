import { and, eq, gt, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './client.js';
import { inTransaction } from './transaction.js';

/** The columns a leased work queue (mail, webhook deliveries) has in common. */
export interface LeasedQueue {
  table: SQLiteTable;
  id: SQLiteColumn;
  status: SQLiteColumn;
  leaseOwner: SQLiteColumn;
  leaseExpiresAt: SQLiteColumn;
}

/**
 * Ends the live leases of pending rows whose owner `isDead` says has died, so what a crashed
 * process had claimed is taken up again at once instead of after its lease. Returns how many.
 */
export function releaseDeadLeases(db: Db, queue: LeasedQueue, isDead: (owner: string | null) => boolean): number {
  return inTransaction(db, () => {
    const now = new Date().toISOString();
    const held = db
      .select({ id: queue.id, leaseOwner: queue.leaseOwner })
      .from(queue.table)
      .where(and(eq(queue.status, 'pending'), gt(queue.leaseExpiresAt, now)))
      .all();
    let released = 0;
    for (const row of held) {
      if (!isDead(typeof row.leaseOwner === 'string' ? row.leaseOwner : null)) continue;
      // SET takes bare column names in SQLite, hence identifiers rather than the qualified columns.
      db.run(
        sql`update ${queue.table} set ${sql.identifier(queue.leaseOwner.name)} = null, ${sql.identifier(queue.leaseExpiresAt.name)} = null
            where ${and(eq(queue.id, row.id), eq(queue.status, 'pending'))}`,
      );
      released++;
    }
    return released;
  });
}
