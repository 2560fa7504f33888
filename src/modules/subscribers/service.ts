import { createHash, createHmac, randomBytes } from 'node:crypto';
import { and, count, desc, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm';
import { parse as parseCsv } from 'csv-parse/sync';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client.js';
import { events, mailQueue, subscribers, subscriberTokens } from '../../db/schema.js';
import { afterCommit, inTransaction } from '../../db/transaction.js';
import { AppError } from '../../http/errors.js';
import { nowIso } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { MailQueue } from '../../mail/mail-queue.js';
import { confirmationMail, welcomeMail } from '../../mail/templates.js';
import type { Outbox } from '../events/outbox.js';
import { csvLine, uncsvCell } from './csv.js';
import { checkEmail } from './email.js';
import type {
  ImportResult,
  SignUpBody,
  Subscriber,
  SubscriberDetail,
  SubscriberFilter,
  SubscriberListQuery,
  SubscriberStatus,
  SubscriptionState,
  UpdateSubscriberBody,
} from './schemas.js';

type SubscriberRow = typeof subscribers.$inferSelect;

/** Where a public request came from, for the consent record. Routes fill it; the service never sees a request. */
export interface ClientInfo {
  ip: string;
  userAgent: string | undefined;
}

export interface SubscribersServiceOptions {
  publicUrl: string;
  /** The publication's name in the e-mails ("the … newsletter"); by default the public URL's host. */
  newsletterName?: string;
  /** HMAC key for client addresses in consent records. */
  consentKey: Buffer;
  log: FastifyBaseLogger;
  /** How long a confirmation link works (the contract's 48 h). */
  confirmTtlMs?: number;
  /** Least time between two confirmation mails to one address. */
  resendIntervalMs?: number;
}

const CONFIRM_TTL_MS = 48 * 3_600_000;
const RESEND_INTERVAL_MS = 5 * 60_000;
const EXPORT_CHUNK = 500;
const MAX_IMPORT_ERRORS = 100;
export const EXPORT_COLUMNS = ['id', 'email', 'name', 'status', 'source', 'createdAt', 'confirmedAt', 'unsubscribedAt'] as const;
const IMPORT_COLUMNS = ['email', 'name', 'source', 'status', 'createdAt', 'confirmedAt', 'unsubscribedAt'] as const;
/** Columns of our own export that an import accepts and ignores: ids are assigned anew. */
const IGNORED_IMPORT_COLUMNS = ['id', 'updatedAt'];
const STATUSES: readonly SubscriberStatus[] = ['pending', 'active', 'unsubscribed'];

/** Tokens are 256 random bits: a fast hash is enough, and only the hash is stored. */
const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
const newToken = (): string => randomBytes(32).toString('base64url');

/** Trims free text; empty means absent. */
function cleanText(value: string | null | undefined): string | null {
  const text = value?.trim() ?? '';
  return text === '' ? null : text;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- and what is blanked out of user agents
const CONTROL_ALL = /[\u0000-\u001f\u007f]/g;

function toSubscriber(row: SubscriberRow): Subscriber {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    status: row.status,
    source: row.source,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    confirmedAt: row.confirmedAt,
    unsubscribedAt: row.unsubscribedAt,
  };
}

function toDetail(row: SubscriberRow): SubscriberDetail {
  return {
    ...toSubscriber(row),
    consent: {
      signup: {
        at: row.lastConfirmationSentAt ?? row.createdAt,
        source: row.source,
        ipHash: row.signupIpHash,
        userAgent: row.signupUserAgent,
        // A sign-up through the API always has a client address; an imported row never has.
        method: row.signupIpHash === null ? 'import' : 'form',
      },
      confirmation:
        row.confirmedAt === null
          ? null
          : { at: row.confirmedAt, ipHash: row.confirmIpHash, userAgent: row.confirmUserAgent, method: row.confirmIpHash === null ? 'admin' : 'link' },
    },
  };
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);

const notFound = (id: string): AppError => new AppError('SUBSCRIBER_NOT_FOUND', `No subscriber has the id "${id}".`);
const unknownToken = (): AppError =>
  new AppError('TOKEN_NOT_FOUND', 'This link is not valid: the token is unknown. Use the newest link you received, or sign up again.');

export class SubscribersService {
  private readonly byId;
  private readonly byEmail;
  private readonly tokenByHash;
  private readonly exportChunk;
  private readonly newsletter: string;
  private readonly confirmTtlMs: number;
  private readonly resendIntervalMs: number;

  constructor(
    private readonly db: Db,
    private readonly outbox: Outbox,
    private readonly mail: MailQueue,
    private readonly options: SubscribersServiceOptions,
  ) {
    this.byId = db.select().from(subscribers).where(eq(subscribers.id, sql.placeholder('id'))).prepare();
    this.byEmail = db.select().from(subscribers).where(eq(subscribers.email, sql.placeholder('email'))).prepare();
    this.tokenByHash = db
      .select()
      .from(subscriberTokens)
      .where(and(eq(subscriberTokens.tokenHash, sql.placeholder('hash')), eq(subscriberTokens.purpose, sql.placeholder('purpose'))))
      .prepare();
    // One statement for every filter combination, read in keyset chunks (see exportCsv).
    // Keyed on rowid: the table's own b-tree order, which is the order rows were added (an import keeps its file's order).
    this.exportChunk = db.$client.prepare<{ after: number; status: string | null; q: string | null; limit: number }, Record<(typeof EXPORT_COLUMNS)[number], string | null> & { seq: number }>(
      `select rowid as seq, id, email, name, status, source, created_at as createdAt, confirmed_at as confirmedAt, unsubscribed_at as unsubscribedAt
         from subscribers
        where rowid > @after
          and (@status is null or status = @status)
          and (@q is null or email like @q escape '\\' or name like @q escape '\\')
        order by rowid
        limit @limit`,
    );
    this.newsletter = options.newsletterName ?? new URL(options.publicUrl).host;
    this.confirmTtlMs = options.confirmTtlMs ?? CONFIRM_TTL_MS;
    this.resendIntervalMs = options.resendIntervalMs ?? RESEND_INTERVAL_MS;
  }

  /**
   * A public sign-up. Whatever the address's state, the caller learns nothing (the route always
   * answers 202): new or unsubscribed addresses become pending with a confirmation mail, pending ones
   * get the mail again (at most once per `resendIntervalMs`), active ones are left alone.
   */
  signUp(input: SignUpBody, client: ClientInfo): void {
    const email = this.validEmail(input.email, '/email');
    const name = cleanText(input.name);
    const source = cleanText(input.source);
    inTransaction(this.db, () => {
      const now = nowIso();
      const consent = { signupIpHash: this.hashClient(client.ip), signupUserAgent: cleanUserAgent(client.userAgent), lastConfirmationSentAt: now };
      const row = this.byEmail.get({ email });
      if (row === undefined) {
        const created: SubscriberRow = {
          id: newId('sub'),
          email,
          name,
          status: 'pending',
          source,
          createdAt: now,
          updatedAt: now,
          confirmedAt: null,
          unsubscribedAt: null,
          confirmIpHash: null,
          confirmUserAgent: null,
          ...consent,
        };
        this.db.insert(subscribers).values(created).run();
        this.sendConfirmation(created, now);
        this.outbox.emit('subscriber.created', toSubscriber(created), { subjectId: created.id });
        return;
      }
      if (row.status === 'active') return;
      if (row.status === 'pending' && row.lastConfirmationSentAt !== null && Date.parse(now) - Date.parse(row.lastConfirmationSentAt) < this.resendIntervalMs) return;
      const changes: Partial<SubscriberRow> =
        row.status === 'unsubscribed'
          ? // A new subscription: the old confirmation and opt-out belong to the previous one.
            { status: 'pending', name: name ?? row.name, source: source ?? row.source, confirmedAt: null, unsubscribedAt: null, confirmIpHash: null, confirmUserAgent: null }
          : // Still pending: a stranger re-submitting the address must not rename its owner.
            { name: row.name ?? name, source: row.source ?? source };
      const updated = { ...row, ...changes, ...consent, updatedAt: now };
      this.db.update(subscribers).set({ ...changes, ...consent, updatedAt: now }).where(eq(subscribers.id, row.id)).run();
      this.sendConfirmation(updated, now);
    });
  }

  /**
   * Confirms the address a confirmation token was sent to. Each token works once; using it again
   * (or after the address was confirmed through another link) answers with the current state and
   * changes nothing.
   */
  confirm(token: string, client: ClientInfo): SubscriptionState {
    return inTransaction(this.db, () => {
      const now = nowIso();
      const found = this.tokenByHash.get({ hash: hashToken(token), purpose: 'confirm' });
      const row = found === undefined ? undefined : this.byId.get({ id: found.subscriberId });
      if (found === undefined || row === undefined) throw unknownToken();
      if (found.usedAt !== null) return { status: row.status };
      if (found.expiresAt !== null && found.expiresAt <= now) {
        throw new AppError('TOKEN_EXPIRED', 'This confirmation link has expired (links work for 48 hours, and no longer after unsubscribing). Sign up again to get a new one.');
      }
      this.db.update(subscriberTokens).set({ usedAt: now }).where(eq(subscriberTokens.tokenHash, found.tokenHash)).run();
      if (row.status === 'active') return { status: 'active' };
      const changes = {
        status: 'active' as const,
        confirmedAt: now,
        unsubscribedAt: null,
        confirmIpHash: this.hashClient(client.ip),
        confirmUserAgent: cleanUserAgent(client.userAgent),
        updatedAt: now,
      };
      this.db.update(subscribers).set(changes).where(eq(subscribers.id, row.id)).run();
      const updated = { ...row, ...changes };
      this.mail.enqueue(welcomeMail({ to: row.email, name: row.name, newsletter: this.newsletter, unsubscribeUrl: this.unsubscribeUrl(row.id, now) }), row.id);
      this.outbox.emit('subscriber.confirmed', toSubscriber(updated), { previous: { status: row.status }, subjectId: row.id });
      return { status: 'active' };
    });
  }

  /** The state an unsubscribe link is about, without changing anything (for the page behind GET). */
  unsubscribeState(token: string): SubscriptionState {
    const found = this.tokenByHash.get({ hash: hashToken(token), purpose: 'unsubscribe' });
    const row = found === undefined ? undefined : this.byId.get({ id: found.subscriberId });
    if (row === undefined) throw unknownToken();
    return { status: row.status };
  }

  /** RFC 8058 one-click unsubscribe. Unsubscribe tokens never expire and may be used any number of times. */
  unsubscribe(token: string): SubscriptionState {
    return inTransaction(this.db, () => {
      const now = nowIso();
      const found = this.tokenByHash.get({ hash: hashToken(token), purpose: 'unsubscribe' });
      const row = found === undefined ? undefined : this.byId.get({ id: found.subscriberId });
      if (found === undefined || row === undefined) throw unknownToken();
      if (found.usedAt === null) this.db.update(subscriberTokens).set({ usedAt: now }).where(eq(subscriberTokens.tokenHash, found.tokenHash)).run();
      if (row.status !== 'unsubscribed') this.optOut(row, now);
      return { status: 'unsubscribed' };
    });
  }

  list(query: SubscriberListQuery): { items: Subscriber[]; total: number; page: number; limit: number } {
    const page = query.page ?? 1;
    const limit = query.limit ?? 20;
    const where = this.filterWhere(query);
    const total = this.db.select({ n: count() }).from(subscribers).where(where).get()?.n ?? 0;
    const rows = this.db
      .select()
      .from(subscribers)
      .where(where)
      .orderBy(desc(subscribers.createdAt), desc(sql`${subscribers}.rowid`))
      .limit(limit)
      .offset((page - 1) * limit)
      .all();
    return { items: rows.map(toSubscriber), total, page, limit };
  }

  get(id: string): SubscriberDetail {
    const row = this.byId.get({ id });
    if (row === undefined) throw notFound(id);
    return toDetail(row);
  }

  /** An admin's change of name or status; status changes emit the matching event. */
  update(id: string, patch: UpdateSubscriberBody): SubscriberDetail {
    return inTransaction(this.db, () => {
      const row = this.byId.get({ id });
      if (row === undefined) throw notFound(id);
      const now = nowIso();
      const name = patch.name === undefined ? row.name : cleanText(patch.name);
      if (name !== row.name) this.db.update(subscribers).set({ name, updatedAt: now }).where(eq(subscribers.id, id)).run();
      if (patch.status !== undefined && patch.status !== row.status) {
        const current = { ...row, name };
        if (patch.status === 'unsubscribed') {
          this.optOut(current, now);
        } else {
          // No consent data of the person's own: the record shows an admin made the address active.
          const changes = { status: 'active' as const, confirmedAt: now, unsubscribedAt: null, confirmIpHash: null, confirmUserAgent: null, updatedAt: now };
          this.db.update(subscribers).set(changes).where(eq(subscribers.id, id)).run();
          this.outbox.emit('subscriber.confirmed', toSubscriber({ ...current, ...changes }), { previous: { status: row.status }, subjectId: id });
        }
      }
      return this.get(id);
    });
  }

  /**
   * Erases a person for good: their row, tokens, queued mail, and every stored event about them
   * (with the webhook deliveries and attempt logs of those events, by cascade). `secure_delete`
   * zeroes the freed bytes; a checkpoint then clears the WAL, which still holds the old pages.
   * Only a `subscriber.deleted` event with the bare id remains.
   */
  erase(id: string): void {
    inTransaction(this.db, () => {
      const row = this.byId.get({ id });
      if (row === undefined) throw notFound(id);
      this.db.delete(events).where(eq(events.subjectId, id)).run();
      this.db.delete(mailQueue).where(eq(mailQueue.subscriberId, id)).run();
      this.db.delete(subscriberTokens).where(eq(subscriberTokens.subscriberId, id)).run();
      this.db.delete(subscribers).where(eq(subscribers.id, id)).run();
      this.outbox.emit('subscriber.deleted', { id }, { subjectId: id });
    });
    // Once the transaction this is part of (a request's group, see GroupCommit) has committed, and
    // before the answer goes out.
    afterCommit(this.db, this, () => {
      this.checkpoint(0);
    });
  }

  /**
   * The CSV export, as lines. Rows are read in keyset chunks, each statement run to its end before
   * anything is yielded: an open better-sqlite3 iterator would block every write on the connection
   * while the client reads slowly. Memory stays at one chunk whatever the number of subscribers.
   */
  *exportCsv(filter: SubscriberFilter): Generator<string, void, undefined> {
    yield csvLine(EXPORT_COLUMNS);
    const params = { status: filter.status ?? null, q: filter.q === undefined ? null : `%${escapeLike(filter.q.trim().toLowerCase())}%`, limit: EXPORT_CHUNK };
    let after = 0;
    for (;;) {
      let lines = '';
      let n = 0;
      for (const row of this.exportChunk.iterate({ ...params, after })) {
        lines += csvLine(EXPORT_COLUMNS.map((column) => row[column]));
        after = row.seq;
        n++;
      }
      if (n > 0) yield lines;
      if (n < EXPORT_CHUNK) return;
    }
  }

  /**
   * Imports subscribers from CSV (header `email,name,source,status`, other columns of our export
   * allowed). Addresses already known, or repeated in the file, are skipped; bad rows are reported.
   * Rows without `status` are `pending` and get no mail: an import is not the person's consent.
   * `active` is for migrating confirmed subscribers from another system. One transaction.
   */
  import(text: string): ImportResult {
    const records = this.parseCsv(text);
    const [header, ...rows] = records;
    if (header === undefined) throw new AppError('INVALID_CSV', 'The CSV is empty: the first line must name the columns, e.g. "email,name,source,status".');
    const columns = this.importColumns(header.record);
    const result: ImportResult = { imported: 0, skipped: 0, invalid: 0, errors: [] };
    const refuse = (line: number, message: string) => {
      result.invalid++;
      if (result.errors.length < MAX_IMPORT_ERRORS) result.errors.push({ line, message });
    };
    inTransaction(this.db, () => {
      const now = nowIso();
      const seen = new Set<string>();
      for (const { record, info } of rows) {
        const line = info.lines;
        if (record.length !== header.record.length) {
          refuse(line, `has ${record.length} fields; the header has ${header.record.length}`);
          continue;
        }
        const cell = (column: (typeof IMPORT_COLUMNS)[number]): string => {
          const index = columns.get(column);
          return index === undefined ? '' : uncsvCell((record[index] ?? '').trim());
        };
        const parsed = this.importRow(cell, now);
        if (typeof parsed === 'string') {
          refuse(line, parsed);
          continue;
        }
        if (seen.has(parsed.email) || this.byEmail.get({ email: parsed.email }) !== undefined) {
          result.skipped++;
          continue;
        }
        seen.add(parsed.email);
        this.db.insert(subscribers).values(parsed).run();
        this.outbox.emit('subscriber.created', toSubscriber(parsed), { subjectId: parsed.id });
        result.imported++;
      }
    });
    return result;
  }

  private parseCsv(text: string): { record: string[]; info: { lines: number } }[] {
    try {
      // With `info: true` each record comes as { record, info }; the typings do not follow the option.
      return parseCsv(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as { record: string[]; info: { lines: number } }[];
    } catch (error) {
      const line = (error as { lines?: unknown }).lines;
      const where = typeof line === 'number' ? ` (line ${line})` : '';
      throw new AppError('INVALID_CSV', `The body is not valid CSV${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  private importColumns(header: string[]): Map<(typeof IMPORT_COLUMNS)[number], number> {
    const columns = new Map<(typeof IMPORT_COLUMNS)[number], number>();
    const known = new Set<string>([...IMPORT_COLUMNS, ...IGNORED_IMPORT_COLUMNS]);
    header.forEach((raw, index) => {
      const name = raw.trim();
      const column = IMPORT_COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase());
      if (column === undefined && !IGNORED_IMPORT_COLUMNS.some((c) => c.toLowerCase() === name.toLowerCase())) {
        throw new AppError('INVALID_CSV', `Unknown column "${name.slice(0, 50)}" in the header; the columns are: ${[...known].join(', ')} (email is required).`);
      }
      if (column === undefined) return;
      if (columns.has(column)) throw new AppError('INVALID_CSV', `The column "${column}" appears twice in the header.`);
      columns.set(column, index);
    });
    if (!columns.has('email')) throw new AppError('INVALID_CSV', 'The header has no "email" column; the first line must name the columns, e.g. "email,name,source,status".');
    return columns;
  }

  /** One CSV row as a subscriber row, or what is wrong with it. */
  private importRow(cell: (column: (typeof IMPORT_COLUMNS)[number]) => string, now: string): SubscriberRow | string {
    const rawEmail = cell('email');
    if (rawEmail === '') return 'email is missing';
    const email = checkEmail(rawEmail);
    if (!email.ok) return `email ${JSON.stringify(rawEmail.slice(0, 100))} ${email.message}`;
    const status = (cell('status').toLowerCase() || 'pending') as SubscriberStatus;
    if (!STATUSES.includes(status)) return `status ${JSON.stringify(cell('status').slice(0, 50))} must be one of: ${STATUSES.join(', ')}`;
    const name = cleanText(cell('name'));
    const source = cleanText(cell('source'));
    if (name !== null && (name.length > 200 || CONTROL.test(name))) return 'name must be at most 200 characters, without control characters';
    if (source !== null && (source.length > 100 || CONTROL.test(source))) return 'source must be at most 100 characters, without control characters';
    const times: Partial<Record<'createdAt' | 'confirmedAt' | 'unsubscribedAt', string>> = {};
    for (const column of ['createdAt', 'confirmedAt', 'unsubscribedAt'] as const) {
      const value = cell(column);
      if (value === '') continue;
      const ms = Date.parse(value);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms)) return `${column} ${JSON.stringify(value.slice(0, 50))} must be an ISO 8601 timestamp`;
      times[column] = new Date(ms).toISOString();
    }
    const createdAt = times.createdAt ?? now;
    return {
      id: newId('sub'),
      email: email.email,
      name,
      status,
      source,
      createdAt,
      updatedAt: now,
      // Kept from the previous system as the evidence of consent it had; an admin vouches for it.
      confirmedAt: status === 'pending' ? null : (times.confirmedAt ?? (status === 'active' ? now : null)),
      unsubscribedAt: status === 'unsubscribed' ? (times.unsubscribedAt ?? now) : null,
      signupIpHash: null,
      signupUserAgent: null,
      confirmIpHash: null,
      confirmUserAgent: null,
      lastConfirmationSentAt: null,
    };
  }

  private validEmail(input: string, path: string): string {
    const check = checkEmail(input);
    if (!check.ok) {
      // The detail does not quote the address: problem details end up in logs.
      throw new AppError('VALIDATION_FAILED', `${path.replace(/^\//, '')}: ${check.message}`, { errors: [{ path, message: check.message, in: 'body' }] });
    }
    return check.email;
  }

  /** Issues a confirmation token and queues the mail carrying it. Inside the caller's transaction. */
  private sendConfirmation(row: SubscriberRow, now: string): void {
    const token = newToken();
    const expiresAt = new Date(Date.parse(now) + this.confirmTtlMs).toISOString();
    this.db.insert(subscriberTokens).values({ tokenHash: hashToken(token), subscriberId: row.id, purpose: 'confirm', createdAt: now, expiresAt }).run();
    const confirmUrl = `${this.options.publicUrl}/subscribers/confirm?token=${token}`;
    this.mail.enqueue(
      confirmationMail({ to: row.email, name: row.name, newsletter: this.newsletter, confirmUrl, unsubscribeUrl: this.unsubscribeUrl(row.id, now) }),
      row.id,
    );
  }

  /**
   * A fresh unsubscribe link for one mail. Only hashes are stored, so every mail gets its own token;
   * they never expire, so any mail ever received keeps working.
   */
  private unsubscribeUrl(subscriberId: string, now: string): string {
    const token = newToken();
    this.db.insert(subscriberTokens).values({ tokenHash: hashToken(token), subscriberId, purpose: 'unsubscribe', createdAt: now, expiresAt: null }).run();
    return `${this.options.publicUrl}/subscribers/unsubscribe?token=${token}`;
  }

  /**
   * Unsubscribes: outstanding confirmation links stop working (a link scanner or an old mail must
   * not re-subscribe someone who opted out) and mail not yet sent is dropped.
   */
  private optOut(row: SubscriberRow, now: string): void {
    const changes = { status: 'unsubscribed' as const, unsubscribedAt: now, updatedAt: now };
    this.db.update(subscribers).set(changes).where(eq(subscribers.id, row.id)).run();
    this.db
      .update(subscriberTokens)
      .set({ expiresAt: now })
      .where(and(eq(subscriberTokens.subscriberId, row.id), eq(subscriberTokens.purpose, 'confirm'), isNull(subscriberTokens.usedAt), gt(subscriberTokens.expiresAt, now)))
      .run();
    this.db.delete(mailQueue).where(and(eq(mailQueue.subscriberId, row.id), eq(mailQueue.status, 'pending'))).run();
    this.outbox.emit('subscriber.unsubscribed', toSubscriber({ ...row, ...changes }), { previous: { status: row.status }, subjectId: row.id });
  }

  private filterWhere(filter: SubscriberFilter): SQL | undefined {
    const conditions: (SQL | undefined)[] = [];
    if (filter.status !== undefined) conditions.push(eq(subscribers.status, filter.status));
    if (filter.q !== undefined) {
      const pattern = `%${escapeLike(filter.q.trim().toLowerCase())}%`;
      conditions.push(or(sql`${subscribers.email} like ${pattern} escape '\\'`, sql`${subscribers.name} like ${pattern} escape '\\'`));
    }
    return and(...conditions);
  }

  /**
   * HMAC under a key kept outside the database: a plain or salted hash of an IPv4 address is
   * reversed by trying all 2^32 of them, a keyed one is not without the key.
   */
  private hashClient(ip: string): string {
    // The same client over IPv4 and IPv4-mapped IPv6 is one address.
    const normalized = ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').toLowerCase();
    return createHmac('sha256', this.options.consentKey).update(normalized).digest('hex');
  }

  /** TRUNCATE empties the WAL file; readers in other processes can keep it busy, so try again a few times. */
  private checkpoint(attempt: number): void {
    try {
      const [result] = this.db.$client.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (result === undefined || result.busy === 0) return;
    } catch (error) {
      this.options.log.error({ err: error }, 'checkpoint after an erasure failed');
    }
    if (attempt >= 5) {
      this.options.log.warn('after an erasure the WAL could not be checkpointed; erased bytes may stay in the -wal file until the next checkpoint');
      return;
    }
    setTimeout(() => {
      if (this.db.$client.open) this.checkpoint(attempt + 1);
    }, 1000 * 2 ** attempt).unref();
  }
}

function cleanUserAgent(userAgent: string | undefined): string | null {
  return cleanText(userAgent?.replace(CONTROL_ALL, ' ').slice(0, 512));
}

/**
 * The HMAC key for client addresses. Without CMS_CONSENT_SECRET a random key per start still keeps
 * addresses unreadable, but hashes from before a restart can no longer be matched against an address.
 */
export function consentKey(secret: string | undefined, log: FastifyBaseLogger): Buffer {
  if (secret !== undefined) return Buffer.from(secret, 'utf8');
  log.warn('CMS_CONSENT_SECRET is not set: consent records hash client addresses with a key that changes at every start');
  return randomBytes(32);
}
