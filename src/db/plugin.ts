import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Checkpointer } from './checkpointer.js';
import type { Db } from './client.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

/** Makes the opened database available to the app and closes it last, after in-flight requests. */
export const dbPlugin = fp(
  async (app: FastifyInstance, { db }: { db: Db }) => {
    app.decorate('db', db);
    const checkpointer = db.$client.memory ? undefined : new Checkpointer(db.$client, app.log);
    app.addHook('onClose', async () => {
      try {
        await checkpointer?.stop();
      } finally {
        closeDatabase();
      }
    });
    function closeDatabase(): void {
      if (db.$client.open) {
        // Fold the WAL back into the main file so a stopped database is one self-contained file.
        db.$client.pragma('wal_checkpoint(TRUNCATE)');
        db.$client.close();
      }
    }
  },
  { name: 'db' },
);
