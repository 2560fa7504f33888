import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { Agent } from 'undici';
import type { ClaimedDelivery, AttemptOutcome, DeliveryQueue } from './queue.js';
import { isDeadLocalOwner } from '../../lib/lease-owner.js';
import { signatureHeader } from './signing.js';
import { parseWebhookUrl, UrlNotAllowedError, type UrlGuard } from './ssrf.js';

/** How much of a receiver's answer is kept in the attempt log: enough to read an error message. */
export const RESPONSE_BODY_LIMIT = 4096;
/** Longest sleep between looks at the queue: how soon another process's abandoned lease is noticed. */
const MAX_SLEEP_MS = 10_000;
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface DispatcherOptions {
  timeoutMs: number;
  retentionDays: number;
  guard: UrlGuard;
  log: FastifyBaseLogger;
  userAgent: string;
  /** Attempts in flight to one endpoint, across every process on the database. */
  perEndpointConcurrency?: number;
  /** Attempts in flight from this process. */
  maxConcurrency?: number;
  /** How long a claim is held; it must outlast an attempt (bounded by `timeoutMs`) with room to spare. */
  leaseMs?: number;
  /** Resolves once what was committed is on stable storage: no event goes out that a power loss could undo. */
  durable?: () => Promise<void>;
}

/** One start()…stop() of a dispatcher. */
interface Run {
  /** Aborts the attempts still in flight once stop() gives up waiting for them. */
  shutdown: AbortController;
  /** Set when stopping gave up waiting: late outcomes are not recorded, their leases expire instead. */
  abandoned: boolean;
  /** The connection pool, made for the run's first delivery. */
  agent: Agent | undefined;
}

/**
 * Delivers webhooks from the outbox. Woken after every transaction that emitted events and by a
 * timer set for the next due attempt, it claims due attempts under a lease (see DeliveryQueue) and
 * sends them concurrently, never awaiting one before claiming the next, so a slow endpoint holds
 * only its own slots. Everything runs off the request path: API responses never wait for it.
 */
export class WebhookDispatcher {
  /** Identifies this process's claims in the database (several servers may share one file). */
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly perEndpoint: number;
  private readonly maxConcurrency: number;
  private readonly leaseMs: number;
  /** What belongs to one start()…stop(): a start() during an earlier stop()'s grace period gets its own. */
  private run: Run = { shutdown: new AbortController(), abandoned: false, agent: undefined };
  private stopped = true;
  /** Settles once every run started so far has been ended by stop(). */
  private stopping: Promise<void> = Promise.resolve();
  private wakeScheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly queue: DeliveryQueue,
    private readonly options: DispatcherOptions,
  ) {
    this.perEndpoint = options.perEndpointConcurrency ?? 4;
    this.maxConcurrency = options.maxConcurrency ?? 32;
    this.leaseMs = options.leaseMs ?? options.timeoutMs + 10_000;
  }

  /** Starts delivering, beginning with whatever was left pending before the start. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.run = { shutdown: new AbortController(), abandoned: false, agent: undefined };
    this.prune();
    try {
      const released = this.queue.releaseDeadLeases(isDeadLocalOwner);
      if (released > 0) this.options.log.warn({ released }, 'took over webhook deliveries left by a crashed process');
    } catch (error) {
      // A busy database: the leases then simply expire.
      this.options.log.error({ err: error }, 'could not release the leases of crashed processes');
    }
    this.pruneTimer = setInterval(() => {
      this.prune();
    }, PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
    this.tick();
  }

  /** Looks for due attempts soon (after the current transaction, when called from one). */
  wake(): void {
    if (this.stopped || this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      this.tick();
    });
  }

  /**
   * Stops claiming, waits up to `graceMs` for attempts in flight, then abandons the rest: their
   * outcome is not recorded and their lease expires, so a later run (or another process) sends
   * them again. Receivers deduplicate by `webhook-id`, as Standard Webhooks expects. Resolves once
   * every run started so far has ended, an earlier stop()'s still in its grace period included
   * (the caller may close the database next).
   */
  stop(graceMs = Math.min(this.options.timeoutMs, 3000)): Promise<void> {
    if (this.stopped) return this.stopping;
    this.stopped = true;
    const { run } = this;
    clearTimeout(this.timer);
    clearInterval(this.pruneTimer);
    const earlier = this.stopping;
    this.stopping = (async () => {
      try {
        await this.end(run, graceMs);
      } catch (error) {
        // Never rejects: a later stop() waits on this one, and its caller closes the database next.
        this.options.log.error({ err: error }, 'stopping webhook deliveries failed');
      } finally {
        await earlier;
      }
    })();
    return this.stopping;
  }

  /** Waits up to `graceMs` for the attempts in flight, then abandons `run` (only it: start() may have begun the next). */
  private async end(run: Run, graceMs: number): Promise<void> {
    if (this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.inFlight]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
    }
    run.abandoned = true;
    run.shutdown.abort();
    const { agent } = run;
    run.agent = undefined;
    await agent?.destroy();
  }

  private tick(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    try {
      const claims = this.queue.claim(this.owner, this.maxConcurrency - this.inFlight.size, this.perEndpoint, this.leaseMs);
      for (const claim of claims) this.launch(claim);
    } catch (error) {
      // A busy database or a transient error: the timer below tries again.
      this.options.log.error({ err: error }, 'claiming webhook deliveries failed');
    }
    this.arm();
  }

  private arm(): void {
    let delay = MAX_SLEEP_MS;
    try {
      const next = this.queue.nextWakeAt();
      // +1 ms: the claim takes attempts due at or before "now", so wake just after the due time.
      if (next !== undefined) delay = Math.min(MAX_SLEEP_MS, Math.max(0, Date.parse(next) - Date.now() + 1));
    } catch (error) {
      this.options.log.error({ err: error }, 'reading the next webhook attempt failed');
    }
    this.timer = setTimeout(() => {
      this.tick();
    }, delay);
    this.timer.unref();
  }

  private launch(claim: ClaimedDelivery): void {
    const { run } = this;
    const done = this.attempt(claim, run)
      .then((outcome) => {
        this.settle(claim, outcome, run);
      })
      .catch((error: unknown) => {
        this.options.log.error({ err: error, deliveryId: claim.id }, 'recording a webhook attempt failed');
      })
      .finally(() => {
        this.inFlight.delete(done);
        this.wake();
      });
    this.inFlight.add(done);
  }

  private settle(claim: ClaimedDelivery, outcome: AttemptOutcome, run: Run): void {
    if (run.abandoned) return;
    const result = this.queue.record(claim, outcome);
    const log = { deliveryId: claim.id, endpointId: claim.endpointId, statusCode: outcome.statusCode, latencyMs: outcome.latencyMs, error: outcome.error };
    if (result.kind === 'disabled') this.options.log.warn({ ...log, reason: result.reason }, 'webhook endpoint disabled');
    else if (result.kind === 'failed') this.options.log.warn(log, 'webhook delivery failed for good');
    else this.options.log.debug({ ...log, result: result.kind }, 'webhook attempt');
  }

  /** One POST per Standard Webhooks: the stored payload bytes, signed now. Never throws. */
  private async attempt(claim: ClaimedDelivery, run: Run): Promise<AttemptOutcome> {
    const attemptedAt = new Date();
    const started = performance.now();
    const latency = (): number => Math.max(0, Math.round(performance.now() - started));
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = AbortSignal.any([timeout, run.shutdown.signal]);
    const timestamp = Math.floor(attemptedAt.getTime() / 1000);
    try {
      const url = parseWebhookUrl(claim.url);
      this.options.guard.assertLiteralAllowed(url);
      await this.options.durable?.();
      const { request, agent } = await this.client(run);
      const response = await request(url, {
        method: 'POST',
        dispatcher: agent,
        signal,
        headers: {
          'content-type': 'application/json',
          'user-agent': this.options.userAgent,
          'webhook-id': claim.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatureHeader(claim.secrets, claim.id, timestamp, claim.payload),
          ...basicAuth(url),
        },
        body: claim.payload,
      });
      const responseBody = await readLimited(response.body, RESPONSE_BODY_LIMIT);
      const status = response.statusCode;
      let error: string | null = null;
      if (status >= 300 && status < 400) {
        const location = response.headers.location;
        error = `Redirect (HTTP ${status}${typeof location === 'string' ? ` to ${location}` : ''}) not followed; configure the final URL`;
      } else if (status < 200 || status >= 300) {
        error = `HTTP ${status}`;
      }
      return { attemptedAt: attemptedAt.toISOString(), latencyMs: latency(), statusCode: status, error, responseBody };
    } catch (error) {
      return { attemptedAt: attemptedAt.toISOString(), latencyMs: latency(), statusCode: null, error: this.describe(error, timeout), responseBody: null };
    }
  }

  /**
   * undici and this run's connection pool, made for the first delivery: loading undici is ~60 ms,
   * a fifteenth of start-up, and a server may send nothing for a while after it starts. Usable
   * through stop()'s grace period, like the pool was when it was made at start.
   */
  private async client(run: Run): Promise<{ request: (typeof import('undici'))['request']; agent: Agent }> {
    const undici = await import('undici');
    // stop() destroys the pool once it has abandoned what was in flight (a pool made after that would outlive it).
    if (run.abandoned) throw new Error('The dispatcher has stopped.');
    if (run.agent === undefined) {
      const lookup = this.options.guard.connectLookup();
      run.agent = new undici.Agent({
        connect: { timeout: this.options.timeoutMs, ...(lookup === undefined ? {} : { lookup }) },
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
        keepAliveTimeout: 4000,
      });
    }
    return { request: undici.request, agent: run.agent };
  }

  private describe(error: unknown, timeout: AbortSignal): string {
    if (timeout.aborted) return `Timed out after ${this.options.timeoutMs} ms`;
    if (error instanceof UrlNotAllowedError) return `Refused: ${error.message}`;
    if (error instanceof Error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return `Timed out after ${this.options.timeoutMs} ms`;
      const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
      const prefix = code === undefined || error.message.includes(code) ? '' : `${code}: `;
      return `${prefix}${error.message}${cause}`.slice(0, 1000);
    }
    return String(error).slice(0, 1000);
  }

  private prune(): void {
    try {
      const cutoff = new Date(Date.now() - this.options.retentionDays * DAY_MS).toISOString();
      const deleted = this.queue.prune(cutoff);
      if (deleted > 0) this.options.log.info({ deleted, cutoff }, 'pruned old webhook deliveries');
    } catch (error) {
      this.options.log.error({ err: error }, 'pruning webhook deliveries failed');
    }
  }
}

/** undici ignores credentials in a URL; receivers that put them there expect HTTP Basic auth. */
function basicAuth(url: URL): Record<string, string> {
  if (url.username === '' && url.password === '') return {};
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return { authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}` };
}

/** Reads at most `limit` bytes; leaving the loop early destroys the stream, so the rest is never downloaded. */
async function readLimited(body: AsyncIterable<unknown>, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buffer);
    size += buffer.length;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}
