import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { apiKeys } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { nowIso } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { ApiKey, CreatedApiKey, CreateApiKeyBody, Role } from './schemas.js';

export interface Principal {
  keyId: string;
  name: string;
  role: Role;
}

const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

function toApiKey(row: typeof apiKeys.$inferSelect): ApiKey {
  return { id: row.id, name: row.name, role: row.role, keyPrefix: row.keyPrefix, createdAt: row.createdAt };
}

export class ApiKeysService {
  private readonly byHash;

  constructor(private readonly db: Db) {
    this.byHash = db
      .select({ id: apiKeys.id, name: apiKeys.name, role: apiKeys.role, keyHash: apiKeys.keyHash })
      .from(apiKeys)
      .where(eq(apiKeys.keyHash, sql.placeholder('hash')))
      .prepare();
  }

  create(input: CreateApiKeyBody): CreatedApiKey {
    // 256 random bits: guessing is hopeless, so a plain SHA-256 suffices for storage.
    const key = `cms_${randomBytes(32).toString('base64url')}`;
    const row = {
      id: newId('key'),
      name: input.name.trim(),
      role: input.role,
      keyHash: hashKey(key),
      keyPrefix: key.slice(0, 10),
      source: 'api' as const,
      createdAt: nowIso(),
    };
    this.db.insert(apiKeys).values(row).run();
    return { ...toApiKey(row), key };
  }

  list(page: number, limit: number): { items: ApiKey[]; total: number } {
    const rows = this.db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id)).limit(limit).offset((page - 1) * limit).all();
    const total = this.db.select({ n: count() }).from(apiKeys).get()?.n ?? 0;
    return { items: rows.map(toApiKey), total };
  }

  get(id: string): ApiKey {
    const row = this.db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
    if (row === undefined) throw new AppError('API_KEY_NOT_FOUND', `No API key has the id "${id}".`);
    return toApiKey(row);
  }

  delete(id: string): void {
    const result = this.db.delete(apiKeys).where(eq(apiKeys.id, id)).run();
    if (result.changes === 0) throw new AppError('API_KEY_NOT_FOUND', `No API key has the id "${id}".`);
  }

  /** The key's principal, or undefined when no such key exists (revoked keys are deleted). */
  authenticate(key: string): Principal | undefined {
    const hash = hashKey(key);
    const row = this.byHash.get({ hash });
    if (row === undefined) return undefined;
    // The lookup is by hash already; compare again in constant time so no timing reveals a near miss.
    if (!timingSafeEqual(Buffer.from(row.keyHash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
    return { keyId: row.id, name: row.name, role: row.role };
  }

  /**
   * Makes CMS_ADMIN_KEY a working admin key. A previous bootstrap key with another value is
   * removed, so changing the variable and restarting rotates the key.
   */
  ensureBootstrapKey(key: string): void {
    const keyHash = hashKey(key);
    this.db.transaction((tx) => {
      tx.delete(apiKeys).where(and(eq(apiKeys.source, 'env'), ne(apiKeys.keyHash, keyHash))).run();
      const existing = tx.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.keyHash, keyHash)).get();
      if (existing !== undefined) {
        tx.update(apiKeys).set({ role: 'admin' }).where(eq(apiKeys.id, existing.id)).run();
        return;
      }
      tx.insert(apiKeys)
        .values({ id: newId('key'), name: 'Bootstrap admin (CMS_ADMIN_KEY)', role: 'admin', keyHash, keyPrefix: key.slice(0, 4), source: 'env', createdAt: nowIso() })
        .run();
    });
  }
}
