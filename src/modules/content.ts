import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/client.js';
import { ReadCache } from '../db/read-cache.js';
import { ArticleChanges } from './articles/changes.js';
import { ArticleReader } from './articles/reader.js';
import { ArticleScheduler } from './articles/scheduler.js';
import { SearchIndex } from './articles/search-index.js';
import { ArticlesService } from './articles/service.js';
import { Outbox } from './events/outbox.js';
import { RelatedService } from './related/service.js';
import { TagsService } from './tags/service.js';

/** The content services and what they share, wired once for the app and for tools (the bench's seed). */
export function createContentServices(db: Db, log: FastifyBaseLogger) {
  const outbox = new Outbox(db);
  const reader = new ArticleReader(db);
  const search = new SearchIndex(db, log);
  const changes = new ArticleChanges(db, reader, outbox, search);
  const readCache = new ReadCache(db);
  const tags = new TagsService(db, reader, changes, outbox, readCache);
  const articles = new ArticlesService(db, reader, changes, tags, readCache);
  const related = new RelatedService(db, reader, changes, readCache);
  const scheduler = new ArticleScheduler(db, reader, changes, log);
  return { outbox, reader, changes, search, readCache, tags, articles, related, scheduler };
}
