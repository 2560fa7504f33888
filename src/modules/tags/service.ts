import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { tags } from '../../db/schema.js';
import { freeSlug } from '../../db/slugs.js';
import { newId } from '../../lib/ids.js';
import { slugFrom } from '../../lib/slug.js';

/** Case-folds a tag name for matching and uniqueness ("Climate", "climate ", "CLIMATE" are one tag). */
export function tagNameKey(name: string): string {
  return cleanTagName(name).normalize('NFKC').toLowerCase();
}

export function cleanTagName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

export class TagsService {
  private readonly bySlug;
  private readonly byNameKey;

  constructor(private readonly db: Db) {
    this.bySlug = db.select({ id: tags.id }).from(tags).where(eq(tags.slug, sql.placeholder('slug'))).prepare();
    this.byNameKey = db.select({ id: tags.id }).from(tags).where(eq(tags.nameKey, sql.placeholder('key'))).prepare();
  }

  /**
   * Turns the tag strings an editor wrote on an article into tag ids, in order and without
   * duplicates: each is matched by slug, then by name (case-insensitively); unknown ones are
   * created. Call inside the article's transaction.
   */
  resolveForArticle(names: readonly string[], now: string): string[] {
    const ids: string[] = [];
    for (const raw of names) {
      const name = cleanTagName(raw);
      const key = tagNameKey(name);
      const found = this.bySlug.get({ slug: name.toLowerCase() }) ?? this.byNameKey.get({ key });
      const id = found?.id ?? this.insert(name, key, now);
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  private insert(name: string, key: string, now: string): string {
    const id = newId('tag');
    this.db.insert(tags).values({ id, slug: freeSlug(this.db, tags, tags.slug, slugFrom(name) || 'tag'), name, nameKey: key, createdAt: now, updatedAt: now }).run();
    return id;
  }
}
